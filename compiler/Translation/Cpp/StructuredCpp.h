//===- StructuredCpp.h - Loops, memrefs and scalars as C++ source ---------===//
//
// `dlc compile --emit=cpp` from the CPU code generator's structured end
// (buildCPUToStructuredPipeline: func, scf, memref, arith, math, affine,
// and vector ops, as GCC/Clang vector extensions or, with DLC_CPP_SCALAR,
// arrays with lane-by-lane operators):
// every scf.for a C++ `for` loop, every memref a descriptor (the layout of
// MLIR's, so that the strided C form passes the caller's descriptors
// through), loads and stores as indexed accesses whose static strides are
// numbers, and the entry points' plain and strided C forms written from the
// model's interface, with the symbols and prototypes of the object's.
//
// Element pointers are `may_alias` types: the memory plan reuses scratch
// for values of other types. Float arithmetic keeps IEEE semantics: build
// the output without -ffast-math (math.fma is std::fma).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TRANSLATION_CPP_STRUCTUREDCPP_H
#define DLC_TRANSLATION_CPP_STRUCTUREDCPP_H

#include "ABI/ModelInterface.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

namespace dlc {

/// Writes `module`, lowered by buildCPUToStructuredPipeline (scalar loops,
/// or with vectorization the schedules' vectors as GCC/Clang vector
/// extensions), and the C forms of `interface`'s entry points as C++17.
/// `source` names the model file in the banner; `packed` adds
/// `dlc_<function>_packed(void **descriptors)` per entry point. Emits an
/// error at the first operation or type without a translation and fails.
mlir::LogicalResult translateStructuredToCpp(mlir::ModuleOp module,
                                             const ModelInterface &interface,
                                             llvm::StringRef source,
                                             llvm::raw_ostream &os,
                                             bool packed = false);

} // namespace dlc

#endif // DLC_TRANSLATION_CPP_STRUCTUREDCPP_H
