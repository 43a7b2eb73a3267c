// A minimal RGB canvas that writes PNG files (stored/uncompressed deflate, no dependencies),
// enough for the examples to draw line plots without a plotting library.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace example {

struct Rgb {
  std::uint8_t r, g, b;
};

class Canvas {
 public:
  Canvas(int width, int height)
      : w_(width), h_(height), px_(std::size_t(width * height), Rgb{255, 255, 255}) {}
  int width() const { return w_; }
  int height() const { return h_; }

  void set(int x, int y, Rgb c) {
    if (x >= 0 && y >= 0 && x < w_ && y < h_) px_[std::size_t(y * w_ + x)] = c;
  }
  // Straight line `thick` pixels wide.
  void line(double x0, double y0, double x1, double y1, Rgb c, int thick = 1) {
    const int steps = int(std::max(std::abs(x1 - x0), std::abs(y1 - y0))) + 1;
    for (int i = 0; i <= steps; ++i) {
      const double s = double(i) / steps;
      const int x = int(std::lround(x0 + s * (x1 - x0))), y = int(std::lround(y0 + s * (y1 - y0)));
      for (int dx = -(thick / 2); dx <= thick / 2; ++dx)
        for (int dy = -(thick / 2); dy <= thick / 2; ++dy) set(x + dx, y + dy, c);
    }
  }
  // Digits and a few symbols from a 3x5 bitmap font, scaled by `scale`.
  void text(int x, int y, const std::string& s, Rgb c, int scale = 2) {
    static const std::array<std::uint16_t, 13> glyphs{// 0-9, '%', '.', '-'
                                                      0x7B6F, 0x2C97, 0x73E7, 0x73CF, 0x5BC9,
                                                      0x79CF, 0x79EF, 0x7249, 0x7BEF, 0x7BCF,
                                                      0x4A95, 0x0002, 0x01C0};
    for (char ch : s) {
      int g = ch >= '0' && ch <= '9' ? ch - '0'
              : ch == '%'            ? 10
              : ch == '.'            ? 11
              : ch == '-'            ? 12
                                     : -1;
      if (g >= 0)
        for (int row = 0; row < 5; ++row)
          for (int col = 0; col < 3; ++col)
            if (glyphs[std::size_t(g)] >> (14 - (row * 3 + col)) & 1)
              for (int a = 0; a < scale; ++a)
                for (int b = 0; b < scale; ++b) set(x + col * scale + a, y + row * scale + b, c);
      x += 4 * scale;
    }
  }

  bool write_png(const std::string& path) const {
    std::vector<std::uint8_t> raw;
    for (int y = 0; y < h_; ++y) {
      raw.push_back(0);  // filter: none
      for (int x = 0; x < w_; ++x) {
        const Rgb& p = px_[std::size_t(y * w_ + x)];
        raw.insert(raw.end(), {p.r, p.g, p.b});
      }
    }
    std::vector<std::uint8_t> z{0x78, 0x01};  // zlib header, stored blocks
    for (std::size_t pos = 0; pos < raw.size();) {
      const std::size_t n = std::min<std::size_t>(65535, raw.size() - pos);
      z.push_back(pos + n == raw.size() ? 1 : 0);
      z.insert(z.end(), {std::uint8_t(n & 0xFF), std::uint8_t(n >> 8), std::uint8_t(~n & 0xFF),
                         std::uint8_t((~n >> 8) & 0xFF)});
      z.insert(z.end(), raw.begin() + long(pos), raw.begin() + long(pos + n));
      pos += n;
    }
    std::uint32_t a = 1, b = 0;
    for (auto v : raw) {
      a = (a + v) % 65521;
      b = (b + a) % 65521;
    }
    put32(z, (b << 16) | a);
    std::vector<std::uint8_t> out{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    std::vector<std::uint8_t> ihdr;
    put32(ihdr, std::uint32_t(w_));
    put32(ihdr, std::uint32_t(h_));
    ihdr.insert(ihdr.end(), {8, 2, 0, 0, 0});  // 8-bit RGB
    chunk(out, "IHDR", ihdr);
    chunk(out, "IDAT", z);
    chunk(out, "IEND", {});
    std::ofstream f(path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(out.data()), std::streamsize(out.size()));
    return bool(f);
  }

 private:
  static void put32(std::vector<std::uint8_t>& v, std::uint32_t x) {
    v.insert(v.end(),
             {std::uint8_t(x >> 24), std::uint8_t(x >> 16), std::uint8_t(x >> 8), std::uint8_t(x)});
  }
  static void chunk(std::vector<std::uint8_t>& out,
                    const char* type,
                    const std::vector<std::uint8_t>& data) {
    put32(out, std::uint32_t(data.size()));
    std::vector<std::uint8_t> body(type, type + 4);
    body.insert(body.end(), data.begin(), data.end());
    std::uint32_t crc = 0xFFFFFFFFu;
    for (auto byte : body) {
      crc ^= byte;
      for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    out.insert(out.end(), body.begin(), body.end());
    put32(out, crc ^ 0xFFFFFFFFu);
  }
  int w_, h_;
  std::vector<Rgb> px_;
};

}  // namespace example
