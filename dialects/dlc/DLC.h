//===- DLC.h - The dlc dialect: attributes and ops ------------------------===//
//
// Include this header to use the dlc dialect from C++.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_H
#define DLC_DIALECT_DLC_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dlc/Interfaces.h"

#include "dlc/DLCDialect.h.inc"
#include "dlc/DLCEnums.h.inc"
#include "dlc/DLCAttrInterfaces.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dlc/DLCAttrs.h.inc"

namespace dlc {
class ModelOp;
class ParamOp;
class FuncOp;
class TrainOp;
} // namespace dlc

#define GET_OP_CLASSES
#include "dlc/DLCOps.h.inc"

#endif // DLC_DIALECT_DLC_H
