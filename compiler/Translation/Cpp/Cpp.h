//===- Cpp.h - The LLVM dialect as portable C++ source --------------------===//
//
// `dlc compile --emit=cpp`: the entry points, lowered without vectorization
// to scalar code in the LLVM dialect, written as C++17 that any compiler
// builds without LLVM. Each llvm.func becomes a function with the same
// symbol and signature (the exported `dlc_` entry points keep C linkage),
// so the generated header and the dlc runtime work unchanged with it.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TRANSLATION_CPP_CPP_H
#define DLC_TRANSLATION_CPP_CPP_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

namespace dlc {

/// Writes `module`, in the LLVM dialect without vector types, as C++.
/// `source` names the model file in the banner. Emits an error at the first
/// operation or type that has no translation and fails.
mlir::LogicalResult translateToCpp(mlir::ModuleOp module,
                                   llvm::StringRef source,
                                   llvm::raw_ostream &os);

} // namespace dlc

#endif // DLC_TRANSLATION_CPP_CPP_H
