//===- ModelInterface.cpp - What a compiled model exposes -----------------===//

#include "Codegen/ModelInterface.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;

namespace dlc {

int ModelInterface::findParam(llvm::StringRef name) const {
  for (auto [index, param] : llvm::enumerate(params))
    if (param.name == name)
      return static_cast<int>(index);
  return -1;
}

std::string toIdentifier(llvm::StringRef name) {
  std::string id;
  for (char c : name)
    id += llvm::isAlnum(c) || c == '_' ? c : '_';
  if (id.empty() || llvm::isDigit(id.front()))
    id = "_" + id;
  return id;
}

std::string toClassName(llvm::StringRef name) {
  std::string result;
  bool upper = true;
  for (char c : toIdentifier(name)) {
    if (c == '_') {
      upper = true;
      continue;
    }
    result += upper ? llvm::toUpper(c) : c;
    upper = false;
  }
  return result.empty() ? "Model" : result;
}

ModelInterface describeModel(ModelOp model) {
  ModelInterface interface;
  interface.name = model.getSymName().str();
  int64_t offset = 0;
  for (ParamOp param : model.getParams()) {
    ParamSpec spec;
    spec.name = param.getSymName().str();
    spec.type = param.getTensorType();
    spec.init = param.getInit();
    spec.offset = offset;
    offset += llvm::alignTo(param.getSizeInBytes(), kParamAlignment);
    interface.params.push_back(spec);
  }
  interface.paramBytes = offset;

  for (FuncOp func : model.getFuncs()) {
    if (func.isPrivate())
      continue;
    EntrySpec entry;
    entry.name = func.getSymName().str();
    entry.function = interface.name + "_" + entry.name;
    llvm::StringSet<> used;
    for (auto [index, type] : llvm::enumerate(func.getArgumentTypes())) {
      std::string name = toIdentifier(func.getArgName(index));
      if (func.getArgName(index).empty() || !used.insert(name).second)
        name = "input" + std::to_string(index);
      used.insert(name);
      entry.inputs.push_back({name, cast<RankedTensorType>(type)});
    }
    ArrayRef<Type> results = func.getResultTypes();
    for (auto [index, type] : llvm::enumerate(results)) {
      std::string name =
          results.size() == 1 ? "output" : "output" + std::to_string(index);
      entry.outputs.push_back({name, cast<RankedTensorType>(type)});
    }
    interface.entries.push_back(std::move(entry));
  }
  return interface;
}

LogicalResult bindEntryParams(ModelInterface &interface, ModuleOp lowered) {
  for (EntrySpec &entry : interface.entries) {
    Operation *function = SymbolTable::lookupSymbolIn(
        lowered, StringAttr::get(lowered.getContext(), entry.function));
    auto params = function ? function->getAttrOfType<ArrayAttr>("dlc.params")
                           : ArrayAttr();
    if (!params)
      return lowered.emitError() << "no compiled function " << entry.function
                                 << " with its parameter list";
    entry.params.clear();
    for (Attribute param : params) {
      int index =
          interface.findParam(cast<FlatSymbolRefAttr>(param).getValue());
      if (index < 0)
        return lowered.emitError() << "unknown parameter " << param;
      entry.params.push_back(index);
    }
  }
  return success();
}

} // namespace dlc
