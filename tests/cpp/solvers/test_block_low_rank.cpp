// The block-diagonal plus low-rank iteration matrix (solvers/block_low_rank.hpp): Woodbury
// against the dense LU on random matrices of the motor-unit pool's shape and others.
#include <random>
#include <vector>

#include <doctest/doctest.h>

#include <Eigen/LU>

#include "myofatigue/solvers/block_low_rank.hpp"

using namespace myofatigue;

namespace {

// Random J = blockdiag + U V^T with blocks of the given sizes and rank r, entries O(1).
BlockLowRankJacobian random_jacobian(const std::vector<Index>& sizes, Index r, unsigned seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  BlockLowRankJacobian J(LowRankStructure{sizes, r});
  for (Index k = 0; k < J.values.size(); ++k) J.values[k] = u(gen);
  for (Index k = 0; k < J.U.size(); ++k) J.U.data()[k] = u(gen);
  for (Index k = 0; k < J.V.size(); ++k) J.V.data()[k] = u(gen);
  return J;
}

double woodbury_vs_dense(const std::vector<Index>& sizes,
                         Index r,
                         double inv_h_gamma,
                         unsigned seed) {
  const BlockLowRankJacobian J = random_jacobian(sizes, r, seed);
  const Index n = J.rows();
  BlockLowRankLU lu;
  lu.setup(LowRankStructure{sizes, r});
  REQUIRE(lu.factorize(J, inv_h_gamma));
  Matrix W = -J.to_dense();
  W.diagonal().array() += inv_h_gamma;
  std::mt19937 gen(seed + 1);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  Vector b(n), x(n);
  for (Index i = 0; i < n; ++i) b[i] = u(gen);
  lu.solve(b, x.data());
  const Vector x_dense = W.partialPivLu().solve(b);
  return (x - x_dense).norm() / x_dense.norm();
}

}  // namespace

TEST_CASE(
    "BlockLowRankLU: the Woodbury solve equals the dense LU to round-off on random 2 x 2 blocks "
    "plus rank one (the motor-unit pool's shape)") {
  for (unsigned seed = 1; seed <= 20; ++seed) {
    CAPTURE(seed);
    const std::vector<Index> sizes(120, 2);
    // inv_h_gamma from a stiff (small h) to a large step (W far from the identity).
    for (double inv_h_gamma : {1e4, 10.0, 0.5})
      CHECK(woodbury_vs_dense(sizes, 1, inv_h_gamma, seed) < 1e-10);
  }
}

TEST_CASE("BlockLowRankLU: mixed block sizes and rank 3 also match the dense LU") {
  std::vector<Index> sizes{3, 1, 5};
  for (int k = 0; k < 40; ++k) sizes.push_back(2);
  sizes.push_back(4);
  for (unsigned seed = 1; seed <= 10; ++seed) {
    CAPTURE(seed);
    CHECK(woodbury_vs_dense(sizes, 3, 20.0, seed) < 1e-10);
    CHECK(woodbury_vs_dense(sizes, 0, 20.0, seed) < 1e-12);  // rank 0: the block LUs alone
  }
}

TEST_CASE("BlockLowRankLU: a singular W is reported, as the dense LU does") {
  // J = U V^T with V^T U = c: W = c I - U V^T is singular (W U = 0).
  BlockLowRankJacobian J(LowRankStructure{std::vector<Index>(4, 2), 1});
  J.U.setOnes();
  J.V.setConstant(0.25);  // V^T U = 2
  BlockLowRankLU lu;
  lu.setup(LowRankStructure{std::vector<Index>(4, 2), 1});
  CHECK_FALSE(lu.factorize(J, 2.0));
  CHECK(lu.factorize(J, 3.0));
}

TEST_CASE("BlockLowRankJacobian: to_dense places each block on the diagonal and adds U V^T") {
  BlockLowRankJacobian J(LowRankStructure{{1, 2}, 1});
  J.values << 1, 2, 3, 4, 5;  // block 0: [1]; block 1: [2 4; 3 5]
  J.U << 1, 0, 0;
  J.V << 0, 0, 7;
  Matrix expected(3, 3);
  expected << 1, 0, 7, 0, 2, 4, 0, 3, 5;
  CHECK((J.to_dense() - expected).norm() == 0.0);
}
