#pragma once
/// \file
/// \brief The SUNDIALS CVODE peer of the benchmarks (BDF, SUNLinSol_Dense, analytic Jacobian):
/// callbacks for any problem with rhs(t, y, f) and jacobian(t, y, J, dfdt), and the owner of one
/// solve's CVODE objects. Compiled only when SUNDIALS was found (MYOFATIGUE_HAVE_SUNDIALS).

#ifdef MYOFATIGUE_HAVE_SUNDIALS

#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunmatrix/sunmatrix_dense.h>

#include "myofatigue/core/types.hpp"

namespace myofatigue::bench {

template <class Problem>
struct CvodeUserData {
  const Problem* problem;
  Vector y, f, dfdt;
  Matrix J;
};

template <class Problem>
int cvode_rhs(sunrealtype t, N_Vector y, N_Vector ydot, void* user_data) {
  auto* d = static_cast<CvodeUserData<Problem>*>(user_data);
  d->y = Eigen::Map<const Vector>(N_VGetArrayPointer(y), d->y.size());
  d->problem->rhs(t, d->y, d->f);
  Eigen::Map<Vector>(N_VGetArrayPointer(ydot), d->f.size()) = d->f;
  return 0;
}

template <class Problem>
int cvode_jac(sunrealtype t,
              N_Vector y,
              N_Vector /*fy*/,
              SUNMatrix J,
              void* user_data,
              N_Vector /*tmp1*/,
              N_Vector /*tmp2*/,
              N_Vector /*tmp3*/) {
  auto* d = static_cast<CvodeUserData<Problem>*>(user_data);
  d->y = Eigen::Map<const Vector>(N_VGetArrayPointer(y), d->y.size());
  d->problem->jacobian(t, d->y, d->J, d->dfdt);
  // SUNDenseMatrix stores column-major with leading dimension M, like Eigen's default.
  Eigen::Map<Matrix>(SUNDenseMatrix_Data(J), d->J.rows(), d->J.cols()) = d->J;
  return 0;
}

inline void cvode_silent(int, const char*, const char*, char*, void*) {}

/// Owns one CVODE solve's objects; freed in reverse order of creation.
struct CvodeRun {
  SUNContext ctx = nullptr;
  N_Vector y = nullptr;
  SUNMatrix A = nullptr;
  SUNLinearSolver ls = nullptr;
  void* mem = nullptr;
  CvodeRun() { SUNContext_Create(nullptr, &ctx); }
  CvodeRun(const CvodeRun&) = delete;
  CvodeRun& operator=(const CvodeRun&) = delete;
  ~CvodeRun() {
    if (mem) CVodeFree(&mem);
    if (ls) SUNLinSolFree(ls);
    if (A) SUNMatDestroy(A);
    if (y) N_VDestroy(y);
    if (ctx) SUNContext_Free(&ctx);
  }
};

}  // namespace myofatigue::bench

#endif  // MYOFATIGUE_HAVE_SUNDIALS
