#pragma once
/// \file
/// \brief Scalar and linear-algebra aliases used across myofatigue.

#include <Eigen/Core>
#include <Eigen/SparseCore>

namespace myofatigue {

using Index = Eigen::Index;
using Vector = Eigen::VectorXd;                    ///< State vectors (column, dynamic size).
using Matrix = Eigen::MatrixXd;                    ///< Dense Jacobians and iteration matrices.
using SparseMatrix = Eigen::SparseMatrix<double>;  ///< Column-major sparse Jacobians.

template <class T>
using VectorX = Eigen::Matrix<T, Eigen::Dynamic, 1>;  ///< State vector over a scalar type T.

}  // namespace myofatigue
