//===- StructuredCpp.cpp - Loops, memrefs and scalars as C++ source -------===//

#include "Translation/Cpp/StructuredCpp.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cctype>
#include <functional>
#include <limits>
#include <string>

using namespace mlir;

namespace dlc {

namespace {

constexpr llvm::StringLiteral kPrelude = R"cpp(#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>

// Warnings the code gives by design: loop nests keep every view's sizes
// and strides, and masks whose loads became copies stay declared (unused
// variables); vectors wider than the target's registers pass between
// these internal functions in memory (no ABI to keep); GCC also sees
// uninitialised lanes in one-lane vectors built lane by lane where there
// are none.
#if defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wunused-variable"
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"
#endif
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wpsabi"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

// Element types through which any memory may be read: the memory plan
// reuses scratch for values of other types.
#if defined(__GNUC__)
#define DLC_MAY_ALIAS __attribute__((may_alias))
#else
#define DLC_MAY_ALIAS
#endif
typedef float dlc_f32 DLC_MAY_ALIAS;
typedef double dlc_f64 DLC_MAY_ALIAS;
typedef int8_t dlc_i8 DLC_MAY_ALIAS;
typedef int32_t dlc_i32 DLC_MAY_ALIAS;
typedef int64_t dlc_i64 DLC_MAY_ALIAS;
// The helpers below are always inlined: GCC warns that a vector wider
// than the target's registers changes the ABI of a function that passes or
// returns it, even when no call is left.
#if defined(__GNUC__)
#define DLC_INLINE inline __attribute__((always_inline))
#else
#define DLC_INLINE inline
#endif

namespace {

template <class To, class From>
DLC_INLINE To dlc_bitcast(const From &value) {
  static_assert(sizeof(To) == sizeof(From), "bitcast between sizes");
  To to;
  std::memcpy(&to, &value, sizeof to);
  return to;
}

// arith.maximumf/minimumf: NaN if either is NaN, and -0 < +0.
template <class T> DLC_INLINE T dlc_maximum(T a, T b) {
  if (a != a || b != b)
    return a + b;
  if (a == b)
    return std::signbit(a) ? b : a;
  return a > b ? a : b;
}
template <class T> DLC_INLINE T dlc_minimum(T a, T b) {
  if (a != a || b != b)
    return a + b;
  if (a == b)
    return std::signbit(a) ? a : b;
  return a < b ? a : b;
}

// Affine floor division and modulo (the divisor is positive).
[[maybe_unused]] inline int64_t dlc_floordiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return q * b > a ? q - 1 : q;
}
[[maybe_unused]] inline int64_t dlc_ceildiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return q * b < a ? q + 1 : q;
}
[[maybe_unused]] inline int64_t dlc_mod(int64_t a, int64_t b) {
  int64_t r = a % b;
  return r < 0 ? r + b : r;
}

// `offset` bytes into a caller's block, as T (the plain C forms).
template <class T>
DLC_INLINE T *dlc_ptr(const void *block, int64_t offset = 0) {
  return reinterpret_cast<T *>(static_cast<char *>(const_cast<void *>(block)) +
                               offset);
}

// Vector code. With GCC and Clang, their vector extensions, which they
// lower to the target's vectors (AVX-512, AVX2, NEON...); with another
// compiler, or with DLC_CPP_SCALAR defined, the same types as arrays with
// lane-by-lane operators.
#if defined(__GNUC__) && !defined(DLC_CPP_SCALAR)
#define DLC_VECTOR(T, lanes, name)                                             \
  typedef T name __attribute__((vector_size(lanes * sizeof(T))))
template <class To, class From> DLC_INLINE To dlc_vconvert(const From &v) {
  return __builtin_convertvector(v, To);
}
template <class M, class V>
DLC_INLINE V dlc_vselect(const M &mask, const V &a, const V &b) {
  return mask ? a : b;
}
template <class V> struct dlc_unsigned {
  typedef std::make_unsigned_t<std::remove_cv_t<
      std::remove_reference_t<decltype(std::declval<V>()[0])>>>
      lane;
  typedef lane type __attribute__((vector_size(sizeof(V))));
};
#else
template <class T, int N> struct dlc_vec {
  T v[N];
  T &operator[](std::ptrdiff_t i) { return v[i]; }
  const T &operator[](std::ptrdiff_t i) const { return v[i]; }
};
#define DLC_VECTOR(T, lanes, name) typedef dlc_vec<T, lanes> name
// Lanes of comparisons: all ones or zero, in signed integers of the
// operands' width.
template <class T>
using dlc_mask_lane = std::conditional_t<sizeof(T) == 8, int64_t, int32_t>;
template <class T, int N, class F>
DLC_INLINE dlc_vec<T, N> dlc_lanes(F f) {
  dlc_vec<T, N> r;
  for (int i = 0; i < N; ++i)
    r.v[i] = T(f(i));
  return r;
}
template <class T, int N> DLC_INLINE dlc_vec<T, N> dlc_splat(T x) {
  return dlc_lanes<T, N>([&](int) { return x; });
}
#define DLC_BINARY(op)                                                         \
  template <class T, int N>                                                    \
  inline dlc_vec<T, N> operator op(const dlc_vec<T, N> &a,                     \
                                   const dlc_vec<T, N> &b) {                   \
    return dlc_lanes<T, N>([&](int i) { return a.v[i] op b.v[i]; });           \
  }                                                                            \
  template <class T, int N, class S,                                           \
            class = std::enable_if_t<std::is_arithmetic_v<S>>>                 \
  inline dlc_vec<T, N> operator op(const dlc_vec<T, N> &a, S b) {              \
    return a op dlc_splat<T, N>(T(b));                                         \
  }                                                                            \
  template <class T, int N, class S,                                           \
            class = std::enable_if_t<std::is_arithmetic_v<S>>>                 \
  inline dlc_vec<T, N> operator op(S a, const dlc_vec<T, N> &b) {              \
    return dlc_splat<T, N>(T(a)) op b;                                         \
  }
DLC_BINARY(+)
DLC_BINARY(-)
DLC_BINARY(*)
DLC_BINARY(/)
DLC_BINARY(&)
DLC_BINARY(|)
DLC_BINARY(^)
DLC_BINARY(<<)
DLC_BINARY(>>)
#undef DLC_BINARY
#define DLC_COMPARE(op)                                                        \
  template <class T, int N>                                                    \
  inline dlc_vec<dlc_mask_lane<T>, N> operator op(const dlc_vec<T, N> &a,      \
                                                  const dlc_vec<T, N> &b) {    \
    return dlc_lanes<dlc_mask_lane<T>, N>(                                     \
        [&](int i) { return a.v[i] op b.v[i] ? -1 : 0; });                     \
  }                                                                            \
  template <class T, int N, class S,                                           \
            class = std::enable_if_t<std::is_arithmetic_v<S>>>                 \
  inline dlc_vec<dlc_mask_lane<T>, N> operator op(const dlc_vec<T, N> &a,      \
                                                  S b) {                       \
    return a op dlc_splat<T, N>(T(b));                                         \
  }
DLC_COMPARE(==)
DLC_COMPARE(!=)
DLC_COMPARE(<)
DLC_COMPARE(<=)
DLC_COMPARE(>)
DLC_COMPARE(>=)
#undef DLC_COMPARE
template <class T, int N>
DLC_INLINE dlc_vec<T, N> operator-(const dlc_vec<T, N> &a) {
  return dlc_lanes<T, N>([&](int i) { return -a.v[i]; });
}
template <class T, int N>
DLC_INLINE dlc_vec<T, N> operator~(const dlc_vec<T, N> &a) {
  return dlc_lanes<T, N>([&](int i) { return ~a.v[i]; });
}
template <class To, class T, int N>
DLC_INLINE To dlc_vconvert(const dlc_vec<T, N> &a) {
  typedef std::remove_reference_t<decltype(To{}[0])> L;
  return dlc_lanes<L, N>([&](int i) { return L(a.v[i]); });
}
template <class M, class T, int N>
DLC_INLINE dlc_vec<T, N> dlc_vselect(const M &mask, const dlc_vec<T, N> &a,
                                 const dlc_vec<T, N> &b) {
  return dlc_lanes<T, N>([&](int i) { return mask[i] ? a.v[i] : b.v[i]; });
}
template <class V> struct dlc_unsigned;
template <class T, int N> struct dlc_unsigned<dlc_vec<T, N>> {
  typedef dlc_vec<std::make_unsigned_t<T>, N> type;
};
#endif
template <class V> DLC_INLINE V dlc_vfma(const V &a, const V &b, const V &c) {
#if defined(__clang__) && !defined(DLC_CPP_SCALAR)
  return __builtin_elementwise_fma(a, b, c);
#else
  V r = {};
  for (unsigned i = 0; i < sizeof(V) / sizeof(a[0]); ++i)
    r[i] = std::fma(a[i], b[i], c[i]);
  return r;
#endif
}
// dlc_maximum/dlc_minimum on whole vectors: lane masks and selects.
template <class V> DLC_INLINE V dlc_vmaximum(const V &a, const V &b) {
  typedef decltype(a > b) M;
  V r = dlc_vselect(a > b, a, b);
  r = dlc_vselect(a == b, dlc_vselect(dlc_bitcast<M>(a) < 0, b, a), r);
  return dlc_vselect((a != a) | (b != b), a + b, r);
}
template <class V> DLC_INLINE V dlc_vminimum(const V &a, const V &b) {
  typedef decltype(a < b) M;
  V r = dlc_vselect(a < b, a, b);
  r = dlc_vselect(a == b, dlc_vselect(dlc_bitcast<M>(a) < 0, a, b), r);
  return dlc_vselect((a != a) | (b != b), a + b, r);
}
template <class V, class F> DLC_INLINE V dlc_vmap(const V &a, F f) {
  V r = {};
  for (unsigned i = 0; i < sizeof(V) / sizeof(a[0]); ++i)
    r[i] = f(a[i]);
  return r;
}
// Exact lane functions: Clang's elementwise builtins (one instruction
// where the target has it), else lane by lane.
#if defined(__clang__) && !defined(DLC_CPP_SCALAR)
#define DLC_LANES(name, builtin)                                               \
  template <class V> DLC_INLINE V dlc_v##name(const V &a) {                    \
    return __builtin_elementwise_##builtin(a);                                 \
  }
#else
#define DLC_LANES(name, builtin)                                               \
  template <class V> DLC_INLINE V dlc_v##name(const V &a) {                    \
    return dlc_vmap(a, [](auto x) { return std::name(x); });                   \
  }
#endif
DLC_LANES(sqrt, sqrt)
DLC_LANES(floor, floor)
DLC_LANES(ceil, ceil)
DLC_LANES(fabs, abs)
#undef DLC_LANES
// Shifts on the lanes' bits (arith.shli, arith.shrui).
template <class V> DLC_INLINE V dlc_vshl(const V &a, const V &b) {
  typedef typename dlc_unsigned<V>::type U;
  return dlc_bitcast<V>(dlc_bitcast<U>(a) << dlc_bitcast<U>(b));
}
template <class V> DLC_INLINE V dlc_vshrui(const V &a, const V &b) {
  typedef typename dlc_unsigned<V>::type U;
  return dlc_bitcast<V>(dlc_bitcast<U>(a) >> dlc_bitcast<U>(b));
}
// vector.create_mask: the first `n` lanes.
template <class M> DLC_INLINE M dlc_vprefix(int64_t n) {
  typedef std::remove_cv_t<std::remove_reference_t<decltype(M{}[0])>> L;
  constexpr int64_t lanes = sizeof(M) / sizeof(L);
  M iota = {};
  for (int64_t i = 0; i < lanes; ++i)
    iota[i] = L(i);
  return iota < L(std::clamp<int64_t>(n, 0, lanes));
}

[[maybe_unused]] inline void *dlc_alloc(int64_t bytes) {
  size_t size = (size_t(bytes > 0 ? bytes : 1) + 63) / 64 * 64;
  return std::aligned_alloc(64, size);
}

} // namespace

)cpp";

/// `type name`, as clang-format writes it.
std::string declare(StringRef type, StringRef name) {
  return (type + (type.ends_with("*") ? "" : " ") + name).str();
}

class Writer {
public:
  Writer(ModuleOp module, const ModelInterface &interface, bool packed)
      : module(module), interface(interface), packed(packed) {}

  LogicalResult write(StringRef source, raw_ostream &os);

private:
  // Types.
  FailureOr<std::string> scalarName(Type type, Operation *user);
  FailureOr<std::string> elementName(Type type, Operation *user);
  FailureOr<std::string> typeName(Type type, Operation *user);

  /// vector<N x T>: a vector-extension type of N lanes rounded up to a
  /// power of two (the extra lanes are never read); n-D vectors: structs
  /// of rows `r`; i1 lanes as int32_t (masks).
  FailureOr<std::string> vectorName(VectorType type, Operation *user);
  /// An expression of `type` computed row by row from `rows`, which builds
  /// a 1-D row's expression from the operands' rows (`a.r[i0].r[i1]`).
  std::string
  rowwise(VectorType type, ArrayRef<std::string> operands,
          llvm::function_ref<std::string(ArrayRef<std::string>)> rows,
          unsigned level = 0);
  LogicalResult writeVectorOp(Operation *op, const std::string &indent,
                              raw_ostream &os);
  /// The 1-D expression of an elementwise arith or math op, or "".
  std::string elementwise(Operation *op, ArrayRef<std::string> operands);

  // Functions and regions.
  LogicalResult writeFunction(func::FuncOp func, raw_ostream &os);
  LogicalResult writeBlock(Block &block, unsigned depth, raw_ostream &os);
  LogicalResult writeOp(Operation *op, unsigned depth, raw_ostream &os);
  LogicalResult writeMemRefOp(Operation *op, const std::string &indent,
                              raw_ostream &os);
  LogicalResult writeEntryPoint(const EntrySpec &entry, raw_ostream &os);
  /// `// model.mlir:20: %h = dlc.dense ...`: where a loop nest comes from
  /// (the model's line, read from its file when it can be), once per line.
  void writeOrigin(Operation *op, const std::string &indent, raw_ostream &os);

  // Values.
  std::string name(Value value);
  std::string fresh(Value value);
  std::optional<std::string> literal(Attribute attr, Type type);
  /// A static size, stride or offset as a number, else `dynamic`.
  static std::string staticOr(int64_t value, const std::string &dynamic) {
    return ShapedType::isDynamic(value) ? dynamic : std::to_string(value);
  }
  /// The address expression of `memref[indices]`.
  std::string element(Value memref, ValueRange indices);
  std::string elementAt(Value memref, ArrayRef<std::string> indices);
  /// Loops over the rows of an n-D vector accessed at `indices` of
  /// `memref` (its trailing dimensions): `body(row, address)` writes one
  /// row's statement given the row's access path (`.r[i0].r[i1]`) and the
  /// address of its first element.
  void
  forEachRow(VectorType type, Value memref, ValueRange indices,
             const std::string &indent, raw_ostream &os,
             llvm::function_ref<void(const std::string &, const std::string &,
                                     const std::string &)>
                 body);
  std::string affine(AffineExpr expr, ValueRange dims, ValueRange symbols);
  /// A masked copy of `lanes` elements from `from` to `to`. A 1-D mask
  /// made by vector.create_mask, or a constant one whose lanes are on up
  /// to a point, is a prefix: one copy of its lanes (a whole copy, the
  /// usual case, when only a loop's last tile is partial). Other masks
  /// copy lane by lane with `laneCopy`.
  void writeMasked(Value mask, int64_t lanes, const std::string &scalar,
                   const std::string &to, const std::string &from,
                   const std::string &indent, raw_ostream &os,
                   const std::string &laneCopy);
  /// `T name = {allocated, aligned, offset, {sizes}, {strides}};`
  FailureOr<std::string> descriptor(Value result, StringRef allocated,
                                    StringRef aligned, StringRef offset,
                                    ArrayRef<std::string> sizes,
                                    ArrayRef<std::string> strides,
                                    Operation *user);

  ModuleOp module;
  const ModelInterface &interface;
  bool packed;
  /// The descriptor structs used, in order of first use.
  std::string refDefinitions;
  llvm::StringSet<> definedRefs;
  /// memref.global symbols and their C++ arrays.
  llvm::StringMap<std::string> globalNames;
  LogicalResult writeGlobal(memref::GlobalOp global, raw_ostream &os);
  llvm::DenseMap<Value, std::string> names;
  unsigned counter = 0;
  /// The last origin written, and the model files' lines.
  std::string lastOrigin;
  llvm::StringMap<std::vector<std::string>> sourceLines;
};

FailureOr<std::string> Writer::scalarName(Type type, Operation *user) {
  if (type.isIndex())
    return std::string("int64_t");
  if (type.isF32())
    return std::string("float");
  if (type.isF64())
    return std::string("double");
  if (auto integer = dyn_cast<IntegerType>(type)) {
    switch (integer.getWidth()) {
    case 1:
      return std::string("bool");
    case 8:
    case 16:
    case 32:
    case 64:
      return "int" + std::to_string(integer.getWidth()) + "_t";
    default:
      break;
    }
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  type.print(os);
  return user->emitError("dlc --emit=cpp: type ")
         << text << " has no C++ translation";
}

FailureOr<std::string> Writer::elementName(Type type, Operation *user) {
  if (type.isF32())
    return std::string("dlc_f32");
  if (type.isF64())
    return std::string("dlc_f64");
  if (type.isInteger(8))
    return std::string("dlc_i8");
  if (type.isInteger(32))
    return std::string("dlc_i32");
  if (type.isInteger(64) || type.isIndex())
    return std::string("dlc_i64");
  return scalarName(type, user);
}

FailureOr<std::string> Writer::vectorName(VectorType type, Operation *user) {
  if (type.isScalable())
    return user->emitError("dlc --emit=cpp: scalable vectors");
  Type element = type.getElementType();
  std::string lane;
  if (element.isF32())
    lane = "f32";
  else if (element.isF64())
    lane = "f64";
  else if (element.isInteger(1))
    lane = "i1";
  else if (element.isInteger(32))
    lane = "i32";
  else if (element.isInteger(64) || element.isIndex())
    lane = "i64";
  else
    return user->emitError("dlc --emit=cpp: vectors of ") << element;
  std::string shape;
  for (int64_t dim : type.getShape())
    shape += (shape.empty() ? "" : "x") + std::to_string(dim);
  // A 0-D vector is a vector of one lane.
  std::string structName = "dlc_v" + (shape.empty() ? "0d" : shape) + lane;
  if (definedRefs.contains(structName))
    return structName;
  if (type.getRank() <= 1) {
    std::string scalar = lane == "f32"   ? "float"
                         : lane == "f64" ? "double"
                         : lane == "i64" ? "int64_t"
                                         : "int32_t";
    int64_t lanes = int64_t(
        llvm::PowerOf2Ceil(uint64_t(type.getRank() ? type.getDimSize(0) : 1)));
    refDefinitions += "DLC_VECTOR(" + scalar + ", " +
                      std::to_string(std::max<int64_t>(lanes, 1)) + ", " +
                      structName + ");\n";
  } else {
    FailureOr<std::string> row = vectorName(
        VectorType::get(type.getShape().drop_front(), element), user);
    if (failed(row))
      return failure();
    refDefinitions += "struct " + structName + " {\n  " + *row + " r[" +
                      std::to_string(type.getDimSize(0)) + "];\n};\n";
  }
  definedRefs.insert(structName);
  return structName;
}

FailureOr<std::string> Writer::typeName(Type type, Operation *user) {
  if (auto vector = dyn_cast<VectorType>(type))
    return vectorName(vector, user);
  if (auto memref = dyn_cast<MemRefType>(type)) {
    FailureOr<std::string> element = elementName(memref.getElementType(), user);
    if (failed(element))
      return failure();
    // A memref: MLIR's descriptor layout (the strided C form passes the
    // callers' descriptors through). A struct per element type and rank:
    // a template argument would lose the element type's may_alias.
    std::string rank = std::to_string(memref.getRank());
    std::string structName =
        "dlc_ref_" + StringRef(*element).drop_front(4).str() + "_" + rank + "d";
    if (definedRefs.insert(structName).second) {
      refDefinitions += "struct " + structName + " {\n  " + *element +
                        " *allocated;\n  " + *element +
                        " *aligned;\n  int64_t offset;\n";
      if (memref.getRank() > 0)
        refDefinitions += "  int64_t sizes[" + rank + "];\n  int64_t strides[" +
                          rank + "];\n";
      refDefinitions += "};\n";
    }
    return structName;
  }
  return scalarName(type, user);
}

std::optional<std::string> Writer::literal(Attribute attr, Type type) {
  if (auto integer = dyn_cast<IntegerAttr>(attr)) {
    if (type.isInteger(1))
      return std::string(integer.getValue().isZero() ? "false" : "true");
    int64_t value = integer.getValue().getSExtValue();
    unsigned width = type.isIndex() ? 64 : cast<IntegerType>(type).getWidth();
    if (width == 64 && value == std::numeric_limits<int64_t>::min())
      return std::string("INT64_MIN");
    if (width == 32 && value == std::numeric_limits<int32_t>::min())
      return std::string("INT32_MIN");
    std::string digits = std::to_string(value);
    if (type.isIndex())
      return value < 0 ? "(" + digits + ")" : digits;
    return "int" + std::to_string(width) + "_t(" + digits + ")";
  }
  if (auto floating = dyn_cast<FloatAttr>(attr)) {
    bool isFloat = type.isF32();
    std::string cType = isFloat ? "float" : "double";
    const llvm::APFloat &value = floating.getValue();
    if (value.isNaN())
      return "std::numeric_limits<" + cType + ">::quiet_NaN()";
    if (value.isInfinity())
      return value.isNegative()
                 ? "(-std::numeric_limits<" + cType + ">::infinity())"
                 : "std::numeric_limits<" + cType + ">::infinity()";
    // Hexadecimal literals are exact.
    std::string text;
    llvm::raw_string_ostream os(text);
    os << llvm::format("%a", floating.getValueAsDouble())
       << (isFloat ? "f" : "");
    return value.isNegative() ? "(" + text + ")" : text;
  }
  return std::nullopt;
}

std::string Writer::name(Value value) {
  if (auto constant = value.getDefiningOp<arith::ConstantOp>())
    if (std::optional<std::string> text =
            literal(constant.getValue(), constant.getType()))
      return *text;
  return names.lookup(value);
}

std::string Writer::fresh(Value value) {
  std::string text = "v" + std::to_string(counter++);
  names[value] = text;
  return text;
}

std::string Writer::affine(AffineExpr expr, ValueRange dims,
                           ValueRange symbols) {
  if (auto constant = dyn_cast<AffineConstantExpr>(expr)) {
    int64_t value = constant.getValue();
    return value < 0 ? "(" + std::to_string(value) + ")"
                     : std::to_string(value);
  }
  if (auto dim = dyn_cast<AffineDimExpr>(expr))
    return name(dims[dim.getPosition()]);
  if (auto symbol = dyn_cast<AffineSymbolExpr>(expr))
    return name(symbols[symbol.getPosition()]);
  auto binary = cast<AffineBinaryOpExpr>(expr);
  std::string lhs = affine(binary.getLHS(), dims, symbols);
  std::string rhs = affine(binary.getRHS(), dims, symbols);
  switch (expr.getKind()) {
  case AffineExprKind::Add:
    return "(" + lhs + " + " + rhs + ")";
  case AffineExprKind::Mul:
    return "(" + lhs + " * " + rhs + ")";
  case AffineExprKind::Mod:
    return "dlc_mod(" + lhs + ", " + rhs + ")";
  case AffineExprKind::FloorDiv:
    return "dlc_floordiv(" + lhs + ", " + rhs + ")";
  case AffineExprKind::CeilDiv:
    return "dlc_ceildiv(" + lhs + ", " + rhs + ")";
  default:
    return "0";
  }
}

std::string Writer::element(Value memref, ValueRange indices) {
  SmallVector<std::string> texts;
  for (Value index : indices)
    texts.push_back(name(index));
  return elementAt(memref, texts);
}

void Writer::writeMasked(Value mask, int64_t lanes, const std::string &scalar,
                         const std::string &to, const std::string &from,
                         const std::string &indent, raw_ostream &os,
                         const std::string &laneCopy) {
  // A prefix mask's bound: a number when the mask is constant.
  std::optional<std::string> bound;
  std::optional<int64_t> constant;
  if (auto create = mask.getDefiningOp<vector::CreateMaskOp>();
      create && create.getVectorType().getRank() == 1) {
    bound = name(create.getOperand(0));
  } else if (auto maskConstant = mask.getDefiningOp<arith::ConstantOp>()) {
    auto dense = dyn_cast<DenseElementsAttr>(maskConstant.getValue());
    if (dense && dense.getType().getRank() == 1) {
      auto values = llvm::to_vector(dense.getValues<bool>());
      auto end = llvm::find(values, false);
      if (std::all_of(end, values.end(), [](bool on) { return !on; }))
        constant = end - values.begin();
    }
  }
  // Bytes are copied only where the lanes are the memory's elements (not
  // i1, whose lanes are int32_t and elements bool).
  if ((!bound && !constant) || scalar == "bool") {
    os << indent << "for (int i = 0; i < " << lanes << "; ++i)\n"
       << indent << "  if (" << name(mask) << "[i])\n"
       << indent << "    " << laneCopy << ";\n";
    return;
  }
  std::string size = " * sizeof(" + scalar + "));\n";
  if (constant) {
    if (*constant > 0)
      os << indent << "std::memcpy(" << to << ", " << from << ", " << *constant
         << size;
    return;
  }
  os << indent << "if (" << *bound << " >= " << lanes << ")\n"
     << indent << "  std::memcpy(" << to << ", " << from << ", " << lanes
     << size << indent << "else if (" << *bound << " > 0)\n"
     << indent << "  std::memcpy(" << to << ", " << from << ", " << *bound
     << size;
}

std::string Writer::elementAt(Value memref, ArrayRef<std::string> indices) {
  auto type = cast<MemRefType>(memref.getType());
  SmallVector<int64_t> strides;
  int64_t offset;
  bool known = succeeded(type.getStridesAndOffset(strides, offset));
  std::string base = name(memref);
  std::string address = known && !ShapedType::isDynamic(offset)
                            ? std::to_string(offset)
                            : base + ".offset";
  if (address == "0")
    address.clear();
  for (auto [axis, index] : llvm::enumerate(indices)) {
    std::string stride =
        known ? staticOr(strides[axis],
                         base + ".strides[" + std::to_string(axis) + "]")
              : base + ".strides[" + std::to_string(axis) + "]";
    std::string term = stride == "1" ? index : index + " * " + stride;
    if (stride == "0")
      continue;
    address += (address.empty() ? "" : " + ") + term;
  }
  return base + ".aligned[" + (address.empty() ? "0" : address) + "]";
}

FailureOr<std::string> Writer::descriptor(Value result, StringRef allocated,
                                          StringRef aligned, StringRef offset,
                                          ArrayRef<std::string> sizes,
                                          ArrayRef<std::string> strides,
                                          Operation *user) {
  FailureOr<std::string> type = typeName(result.getType(), user);
  if (failed(type))
    return failure();
  std::string text = *type + " " + fresh(result) + " = {" + allocated.str() +
                     ", " + aligned.str() + ", " + offset.str();
  if (!sizes.empty())
    text += ", {" + llvm::join(sizes, ", ") + "}, {" +
            llvm::join(strides, ", ") + "}";
  return text + "};";
}

void Writer::writeOrigin(Operation *op, const std::string &indent,
                         raw_ostream &os) {
  // The innermost file location: an inlined call's is the callee's.
  FileLineColLoc where;
  op->getLoc()->walk([&](Location loc) {
    if (auto file = dyn_cast<FileLineColLoc>(loc); file && !where)
      where = file;
    return WalkResult::advance();
  });
  if (!where || where.getLine() == 0)
    return;
  std::string origin = llvm::sys::path::filename(where.getFilename()).str() +
                       ":" + std::to_string(where.getLine());
  if (origin == lastOrigin)
    return;
  lastOrigin = origin;
  auto [it, inserted] = sourceLines.try_emplace(where.getFilename().getValue());
  if (inserted)
    if (auto buffer =
            llvm::MemoryBuffer::getFile(where.getFilename().getValue())) {
      SmallVector<StringRef> lines;
      (*buffer)->getBuffer().split(lines, '\n');
      for (StringRef line : lines)
        it->second.push_back(line.trim().str());
    }
  std::string text = where.getLine() <= it->second.size()
                         ? it->second[where.getLine() - 1]
                         : std::string();
  if (text.size() > 70)
    text = text.substr(0, 67) + "...";
  os << indent << "// " << origin << (text.empty() ? "" : ": " + text) << "\n";
}

LogicalResult Writer::writeBlock(Block &block, unsigned depth,
                                 raw_ostream &os) {
  for (Operation &op : block)
    if (failed(writeOp(&op, depth, os)))
      return failure();
  return success();
}

/// The C++ operator of a binary arith op, or "".
StringRef binaryOperator(Operation *op) {
  return llvm::TypeSwitch<Operation *, StringRef>(op)
      .Case<arith::AddFOp, arith::AddIOp>([](auto) { return "+"; })
      .Case<arith::SubFOp, arith::SubIOp>([](auto) { return "-"; })
      .Case<arith::MulFOp, arith::MulIOp>([](auto) { return "*"; })
      .Case<arith::DivFOp, arith::DivSIOp>([](auto) { return "/"; })
      .Case<arith::RemSIOp>([](auto) { return "%"; })
      .Case<arith::AndIOp>([](auto) { return "&"; })
      .Case<arith::OrIOp>([](auto) { return "|"; })
      .Case<arith::XOrIOp>([](auto) { return "^"; })
      .Default([](Operation *) { return ""; });
}

/// A float comparison of `predicate`: of scalars (a bool), or with `lanes`
/// of vectors (lanes of -1 and 0; "" for the constant predicates).
std::string floatComparison(arith::CmpFPredicate predicate,
                            const std::string &a, const std::string &b,
                            bool lanes = false) {
  using P = arith::CmpFPredicate;
  std::string both = lanes ? " & " : " && ", either = lanes ? " | " : " || ",
              negate = lanes ? "~(" : "!(";
  auto compare = [&](const std::string &x, const char *op,
                     const std::string &y) {
    return lanes ? "(" + x + op + y + ")" : x + op + y;
  };
  auto unordered = [&](const char *op) { return negate + a + op + b + ")"; };
  std::string lessOrGreater =
      compare(a, " < ", b) + either + compare(a, " > ", b);
  switch (predicate) {
  case P::AlwaysFalse:
    return lanes ? "" : "false";
  case P::OEQ:
    return compare(a, " == ", b);
  case P::OGT:
    return compare(a, " > ", b);
  case P::OGE:
    return compare(a, " >= ", b);
  case P::OLT:
    return compare(a, " < ", b);
  case P::OLE:
    return compare(a, " <= ", b);
  case P::ONE:
    return "(" + lessOrGreater + ")";
  case P::ORD:
    return "(" + compare(a, " == ", a) + both + compare(b, " == ", b) + ")";
  case P::UEQ:
    return negate + lessOrGreater + ")";
  case P::UGT:
    return unordered(" <= ");
  case P::UGE:
    return unordered(" < ");
  case P::ULT:
    return unordered(" >= ");
  case P::ULE:
    return unordered(" > ");
  case P::UNE:
    return unordered(" == ");
  case P::UNO:
    return "(" + compare(a, " != ", a) + either + compare(b, " != ", b) + ")";
  case P::AlwaysTrue:
    return lanes ? "" : "true";
  }
  return "";
}

std::string integerComparison(arith::CmpIPredicate predicate,
                              const std::string &a, const std::string &b,
                              const std::string &unsignedType) {
  using P = arith::CmpIPredicate;
  auto u = [&](const std::string &x) { return unsignedType + "(" + x + ")"; };
  switch (predicate) {
  case P::eq:
    return a + " == " + b;
  case P::ne:
    return a + " != " + b;
  case P::slt:
    return a + " < " + b;
  case P::sle:
    return a + " <= " + b;
  case P::sgt:
    return a + " > " + b;
  case P::sge:
    return a + " >= " + b;
  case P::ult:
    return u(a) + " < " + u(b);
  case P::ule:
    return u(a) + " <= " + u(b);
  case P::ugt:
    return u(a) + " > " + u(b);
  case P::uge:
    return u(a) + " >= " + u(b);
  }
  return "false";
}

std::string unsignedOf(Type type) {
  if (type.isIndex())
    return "uint64_t";
  unsigned width = cast<IntegerType>(type).getWidth();
  return width == 1 ? "bool" : "uint" + std::to_string(width) + "_t";
}

LogicalResult Writer::writeOp(Operation *op, unsigned depth, raw_ostream &os) {
  std::string indent(2 * depth, ' ');
  // Constants are written where they are used.
  if (isa<arith::ConstantOp>(op) &&
      literal(cast<arith::ConstantOp>(op).getValue(),
              op->getResult(0).getType()))
    return success();

  // Vector code.
  auto isVector = [](Type type) { return isa<VectorType>(type); };
  bool structural = isa<scf::SCFDialect, func::FuncDialect>(op->getDialect());
  if (!structural && (llvm::any_of(op->getResultTypes(), isVector) ||
                      llvm::any_of(op->getOperandTypes(), isVector)))
    return writeVectorOp(op, indent, os);

  // Scalar results: `type vN = expression;`.
  auto assign = [&](const std::string &expression) -> LogicalResult {
    Value result = op->getResult(0);
    FailureOr<std::string> type = typeName(result.getType(), op);
    if (failed(type))
      return failure();
    os << indent << *type << " " << fresh(result) << " = " << expression
       << ";\n";
    return success();
  };
  auto operand = [&](unsigned i) { return name(op->getOperand(i)); };

  if (StringRef symbol = binaryOperator(op); !symbol.empty()) {
    Type type = op->getResult(0).getType();
    // Shifts and wrapping integer arithmetic on unsigned types.
    if (isa<IntegerType>(type) && !type.isInteger(1) &&
        isa<arith::AddIOp, arith::SubIOp, arith::MulIOp>(op)) {
      std::string u = unsignedOf(type);
      FailureOr<std::string> t = scalarName(type, op);
      if (failed(t))
        return failure();
      return assign(*t + "(" + u + "(" + operand(0) + ") " + symbol.str() +
                    " " + u + "(" + operand(1) + "))");
    }
    return assign(operand(0) + " " + symbol.str() + " " + operand(1));
  }

  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](arith::ShLIOp) {
        std::string u = unsignedOf(op->getResult(0).getType());
        FailureOr<std::string> t = scalarName(op->getResult(0).getType(), op);
        if (failed(t))
          return failure();
        return assign(*t + "(" + u + "(" + operand(0) + ") << " + operand(1) +
                      ")");
      })
      .Case([&](arith::ShRUIOp) {
        std::string u = unsignedOf(op->getResult(0).getType());
        FailureOr<std::string> t = scalarName(op->getResult(0).getType(), op);
        if (failed(t))
          return failure();
        return assign(*t + "(" + u + "(" + operand(0) + ") >> " + operand(1) +
                      ")");
      })
      .Case([&](arith::ShRSIOp) {
        return assign(operand(0) + " >> " + operand(1));
      })
      .Case([&](arith::NegFOp) { return assign("-" + operand(0)); })
      .Case([&](arith::MaximumFOp) {
        return assign("dlc_maximum(" + operand(0) + ", " + operand(1) + ")");
      })
      .Case([&](arith::MinimumFOp) {
        return assign("dlc_minimum(" + operand(0) + ", " + operand(1) + ")");
      })
      .Case([&](arith::MaxNumFOp) {
        return assign("std::fmax(" + operand(0) + ", " + operand(1) + ")");
      })
      .Case([&](arith::MinNumFOp) {
        return assign("std::fmin(" + operand(0) + ", " + operand(1) + ")");
      })
      .Case([&](arith::CmpFOp cmp) {
        return assign(
            floatComparison(cmp.getPredicate(), operand(0), operand(1)));
      })
      .Case([&](arith::CmpIOp cmp) {
        return assign(integerComparison(cmp.getPredicate(), operand(0),
                                        operand(1),
                                        unsignedOf(cmp.getLhs().getType())));
      })
      .Case([&](arith::SelectOp) {
        return assign(operand(0) + " ? " + operand(1) + " : " + operand(2));
      })
      .Case<arith::SIToFPOp, arith::FPToSIOp, arith::IndexCastOp,
            arith::ExtSIOp, arith::TruncIOp, arith::ExtFOp, arith::TruncFOp>(
          [&](Operation *) {
            FailureOr<std::string> t =
                scalarName(op->getResult(0).getType(), op);
            if (failed(t))
              return failure();
            return assign(*t + "(" + operand(0) + ")");
          })
      .Case([&](arith::ExtUIOp) {
        FailureOr<std::string> t = scalarName(op->getResult(0).getType(), op);
        if (failed(t))
          return failure();
        return assign(*t + "(" + unsignedOf(op->getOperand(0).getType()) + "(" +
                      operand(0) + "))");
      })
      .Case([&](arith::BitcastOp) {
        FailureOr<std::string> t = scalarName(op->getResult(0).getType(), op);
        if (failed(t))
          return failure();
        return assign("dlc_bitcast<" + *t + ">(" + operand(0) + ")");
      })
      .Case([&](math::FmaOp) {
        return assign("std::fma(" + operand(0) + ", " + operand(1) + ", " +
                      operand(2) + ")");
      })
      .Case(
          [&](math::AbsFOp) { return assign("std::fabs(" + operand(0) + ")"); })
      .Case<math::SqrtOp, math::FloorOp, math::ExpOp, math::Exp2Op,
            math::ExpM1Op, math::LogOp, math::Log2Op, math::Log10Op,
            math::Log1pOp, math::TanhOp, math::SinOp, math::CosOp, math::TanOp,
            math::AtanOp, math::ErfOp, math::CeilOp, math::RoundOp,
            math::TruncOp, math::CbrtOp>([&](Operation *) {
        // math.<name> is std::<name> (exp, log1p, ...).
        StringRef function = op->getName().stripDialect();
        return assign("std::" + function.str() + "(" + operand(0) + ")");
      })
      .Case([&](math::RsqrtOp) {
        FailureOr<std::string> t = scalarName(op->getResult(0).getType(), op);
        if (failed(t))
          return failure();
        return assign(*t + "(1) / std::sqrt(" + operand(0) + ")");
      })
      .Case([&](math::CopySignOp) {
        return assign("std::copysign(" + operand(0) + ", " + operand(1) + ")");
      })
      .Case([&](math::Atan2Op) {
        return assign("std::atan2(" + operand(0) + ", " + operand(1) + ")");
      })
      .Case([&](math::PowFOp) {
        return assign("std::pow(" + operand(0) + ", " + operand(1) + ")");
      })
      .Case([&](affine::AffineApplyOp apply) {
        ValueRange operands = apply.getMapOperands();
        AffineMap map = apply.getAffineMap();
        return assign(affine(map.getResult(0),
                             operands.take_front(map.getNumDims()),
                             operands.drop_front(map.getNumDims())));
      })
      .Case<affine::AffineMinOp, affine::AffineMaxOp>([&](auto bound) {
        ValueRange operands = bound.getMapOperands();
        AffineMap map = bound.getAffineMap();
        bool isMin = isa<affine::AffineMinOp>(op);
        std::string text;
        for (AffineExpr expr : map.getResults()) {
          std::string term = affine(expr, operands.take_front(map.getNumDims()),
                                    operands.drop_front(map.getNumDims()));
          text = text.empty() ? term
                              : std::string(isMin ? "std::min" : "std::max") +
                                    "<int64_t>(" + text + ", " + term + ")";
        }
        return assign(text);
      })
      .Case([&](scf::ForOp loop) -> LogicalResult {
        if (depth == 1)
          writeOrigin(op, indent, os);
        // Loop-carried values live in variables declared before the loop;
        // the loop's results are those variables.
        for (auto [arg, init, result] :
             llvm::zip(loop.getRegionIterArgs(), loop.getInitArgs(),
                       loop.getResults())) {
          FailureOr<std::string> type = typeName(arg.getType(), op);
          if (failed(type))
            return failure();
          std::string variable = fresh(arg);
          names[result] = variable;
          os << indent << *type << " " << variable << " = " << name(init)
             << ";\n";
        }
        std::string iv = fresh(loop.getInductionVar());
        os << indent << "for (int64_t " << iv << " = "
           << name(loop.getLowerBound()) << "; " << iv << " < "
           << name(loop.getUpperBound()) << "; " << iv
           << " += " << name(loop.getStep()) << ") {\n";
        if (failed(writeBlock(*loop.getBody(), depth + 1, os)))
          return failure();
        os << indent << "}\n";
        return success();
      })
      .Case([&](scf::IfOp branch) -> LogicalResult {
        SmallVector<std::string> variables;
        for (Value result : branch.getResults()) {
          FailureOr<std::string> type = typeName(result.getType(), op);
          if (failed(type))
            return failure();
          variables.push_back(fresh(result));
          os << indent << *type << " " << variables.back() << ";\n";
        }
        os << indent << "if (" << name(branch.getCondition()) << ") {\n";
        if (failed(writeBlock(branch.getThenRegion().front(), depth + 1, os)))
          return failure();
        if (!branch.getElseRegion().empty()) {
          os << indent << "} else {\n";
          if (failed(writeBlock(branch.getElseRegion().front(), depth + 1, os)))
            return failure();
        }
        os << indent << "}\n";
        return success();
      })
      .Case([&](scf::YieldOp yield) -> LogicalResult {
        Operation *parent = yield->getParentOp();
        SmallVector<std::string> targets;
        if (auto loop = dyn_cast<scf::ForOp>(parent))
          for (Value arg : loop.getRegionIterArgs())
            targets.push_back(names.lookup(arg));
        else
          for (Value result : parent->getResults())
            targets.push_back(names.lookup(result));
        // Through temporaries: a yielded value may read another target.
        SmallVector<std::string> temporaries;
        for (auto [i, value] : llvm::enumerate(yield.getOperands())) {
          FailureOr<std::string> type = typeName(value.getType(), op);
          if (failed(type))
            return failure();
          temporaries.push_back("t" + std::to_string(counter++));
          os << indent << *type << " " << temporaries.back() << " = "
             << name(value) << ";\n";
        }
        for (auto [target, temporary] : llvm::zip(targets, temporaries))
          os << indent << target << " = " << temporary << ";\n";
        return success();
      })
      .Case([&](func::CallOp call) -> LogicalResult {
        SmallVector<std::string> args;
        for (Value arg : call.getOperands())
          args.push_back(name(arg));
        std::string text =
            call.getCallee().str() + "(" + llvm::join(args, ", ") + ")";
        if (call.getNumResults() == 0) {
          os << indent << text << ";\n";
          return success();
        }
        if (call.getNumResults() > 1)
          return call.emitError("dlc --emit=cpp: calls with several results "
                                "are not supported");
        return assign(text);
      })
      .Case([&](func::ReturnOp ret) -> LogicalResult {
        if (ret.getNumOperands() > 1)
          return ret.emitError("dlc --emit=cpp: functions with several "
                               "results are not supported");
        if (ret.getNumOperands() == 1)
          os << indent << "return " << name(ret.getOperand(0)) << ";\n";
        else if (op->getNextNode() || op->getBlock()->getParentOp() !=
                                          op->getParentOfType<func::FuncOp>())
          os << indent << "return;\n";
        return success();
      })
      .Default([&](Operation *) -> LogicalResult {
        if (op->getDialect() &&
            op->getDialect()->getNamespace() ==
                memref::MemRefDialect::getDialectNamespace())
          return writeMemRefOp(op, indent, os);
        return op->emitError("dlc --emit=cpp: '")
               << op->getName() << "' has no C++ translation";
      });
}

void Writer::forEachRow(
    VectorType type, Value memref, ValueRange indices,
    const std::string &indent, raw_ostream &os,
    llvm::function_ref<void(const std::string &, const std::string &,
                            const std::string &)>
        body) {
  SmallVector<std::string> at;
  for (Value index : indices)
    at.push_back(name(index));
  int64_t leading = std::max<int64_t>(type.getRank() - 1, 0);
  size_t first = at.size() - std::min<size_t>(at.size(), type.getRank());
  std::string path, inner = indent;
  for (int64_t axis = 0; axis < leading; ++axis) {
    std::string j = "j" + std::to_string(axis);
    os << inner << "for (int64_t " << j << " = 0; " << j << " < "
       << type.getDimSize(axis) << "; ++" << j << ")\n";
    inner += "  ";
    path += ".r[" + j + "]";
    at[first + axis] = "(" + at[first + axis] + " + " + j + ")";
  }
  body(inner, path, "&" + elementAt(memref, at));
}

std::string
Writer::rowwise(VectorType type, ArrayRef<std::string> operands,
                llvm::function_ref<std::string(ArrayRef<std::string>)> rows,
                unsigned level) {
  if (type.getRank() <= 1)
    return rows(operands);
  std::string i = "i" + std::to_string(level), r = "r" + std::to_string(level);
  SmallVector<std::string> inner;
  for (const std::string &operand : operands)
    inner.push_back(operand + ".r[" + i + "]");
  auto rowType =
      VectorType::get(type.getShape().drop_front(), type.getElementType());
  FailureOr<std::string> typeText = vectorName(type, module);
  if (failed(typeText))
    return "";
  std::string name = *typeText;
  return "[&] {\n    " + name + " " + r + ";\n    for (int " + i + " = 0; " +
         i + " < " + std::to_string(type.getDimSize(0)) + "; ++" + i +
         ")\n      " + r + ".r[" + i +
         "] = " + rowwise(rowType, inner, rows, level + 1) + ";\n    return " +
         r + ";\n  }()";
}

std::string Writer::elementwise(Operation *op, ArrayRef<std::string> x) {
  auto rowOf = [](Type type) {
    auto vector = cast<VectorType>(type);
    return VectorType::get(
        vector.getShape().take_back(std::min<int64_t>(vector.getRank(), 1)),
        vector.getElementType());
  };
  Type result = op->getNumResults() ? op->getResult(0).getType() : Type();
  auto lanes = [&](std::string f) {
    return "dlc_vmap(" + x[0] + ", [](auto x) { return " + f + "; })";
  };
  if (StringRef symbol = binaryOperator(op); !symbol.empty()) {
    if (isa<arith::AndIOp, arith::OrIOp, arith::XOrIOp, arith::AddFOp,
            arith::SubFOp, arith::MulFOp, arith::DivFOp, arith::AddIOp,
            arith::SubIOp, arith::MulIOp>(op))
      return "(" + x[0] + " " + symbol.str() + " " + x[1] + ")";
    return "";
  }
  return llvm::TypeSwitch<Operation *, std::string>(op)
      .Case([&](arith::NegFOp) { return "(-" + x[0] + ")"; })
      .Case([&](arith::MaximumFOp) {
        return "dlc_vmaximum(" + x[0] + ", " + x[1] + ")";
      })
      .Case([&](arith::MinimumFOp) {
        return "dlc_vminimum(" + x[0] + ", " + x[1] + ")";
      })
      .Case([&](arith::CmpFOp cmp) -> std::string {
        std::string text =
            floatComparison(cmp.getPredicate(), x[0], x[1], /*lanes=*/true);
        if (text.empty() || !isa<VectorType>(cmp.getLhs().getType()))
          return "";
        if (!getElementTypeOrSelf(cmp.getLhs().getType()).isF32())
          text = "dlc_vconvert<" + *vectorName(rowOf(result), op) + ">(" +
                 text + ")";
        return text;
      })
      .Case([&](arith::CmpIOp cmp) -> std::string {
        using P = arith::CmpIPredicate;
        std::string symbol;
        switch (cmp.getPredicate()) {
        case P::eq:
          symbol = "==";
          break;
        case P::ne:
          symbol = "!=";
          break;
        case P::slt:
          symbol = "<";
          break;
        case P::sle:
          symbol = "<=";
          break;
        case P::sgt:
          symbol = ">";
          break;
        case P::sge:
          symbol = ">=";
          break;
        default:
          return "";
        }
        std::string text = "(" + x[0] + " " + symbol + " " + x[1] + ")";
        if (!getElementTypeOrSelf(cmp.getLhs().getType()).isInteger(32))
          text = "dlc_vconvert<" + *vectorName(rowOf(result), op) + ">(" +
                 text + ")";
        return text;
      })
      .Case([&](arith::SelectOp select) -> std::string {
        Type data = getElementTypeOrSelf(select.getType());
        std::string mask = x[0];
        if (data.getIntOrFloatBitWidth() != 32)
          mask = "dlc_vconvert<" +
                 *vectorName(
                     VectorType::get(rowOf(select.getType()).getShape(),
                                     IntegerType::get(op->getContext(), 64)),
                     op) +
                 ">(" + mask + ")";
        return "dlc_vselect(" + mask + ", " + x[1] + ", " + x[2] + ")";
      })
      .Case<math::FmaOp>([&](auto) {
        return "dlc_vfma(" + x[0] + ", " + x[1] + ", " + x[2] + ")";
      })
      .Case([&](math::AbsFOp) { return "dlc_vfabs(" + x[0] + ")"; })
      .Case<math::SqrtOp, math::FloorOp, math::CeilOp>([&](Operation *) {
        return "dlc_v" + op->getName().stripDialect().str() + "(" + x[0] + ")";
      })
      .Case<math::ExpOp, math::LogOp, math::TanhOp>([&](Operation *) {
        return lanes("std::" + op->getName().stripDialect().str() + "(x)");
      })
      .Case<arith::SIToFPOp, arith::FPToSIOp, arith::ExtSIOp, arith::TruncIOp,
            arith::IndexCastOp>([&](Operation *) {
        return "dlc_vconvert<" + *vectorName(rowOf(result), op) + ">(" + x[0] +
               ")";
      })
      .Case([&](arith::BitcastOp) {
        return "dlc_bitcast<" + *vectorName(rowOf(result), op) + ">(" + x[0] +
               ")";
      })
      .Case(
          [&](arith::ShLIOp) { return "dlc_vshl(" + x[0] + ", " + x[1] + ")"; })
      .Case([&](arith::ShRUIOp) {
        return "dlc_vshrui(" + x[0] + ", " + x[1] + ")";
      })
      .Case([&](arith::ShRSIOp) { return "(" + x[0] + " >> " + x[1] + ")"; })
      .Default([](Operation *) { return std::string(); });
}

/// The element of a vector of `type` named `base` at row-major position
/// `k`: `.r[i]` for each outer axis, then `[j]` (`[0]` for 0-D vectors);
/// `index(inner, size)` writes an axis's index from the elements within
/// one step of it and its size.
static std::string
elementPath(VectorType type, const std::string &base,
            llvm::function_ref<std::string(int64_t, int64_t)> index) {
  std::string text = base;
  int64_t inner = type.getNumElements();
  for (int64_t axis = 0; axis < type.getRank(); ++axis) {
    int64_t size = type.getDimSize(axis);
    inner /= size;
    std::string at = index(inner, size);
    text += axis + 1 < type.getRank() ? ".r[" + at + "]" : "[" + at + "]";
  }
  return type.getRank() == 0 ? text + "[0]" : text;
}
/// At a position known now.
static std::string elementPath(VectorType type, const std::string &base,
                               int64_t k) {
  return elementPath(type, base, [&](int64_t inner, int64_t size) {
    return std::to_string(k / inner % size);
  });
}
/// At the position the C++ expression `k` holds.
static std::string elementPath(VectorType type, const std::string &base,
                               const std::string &k) {
  return elementPath(type, base, [&](int64_t inner, int64_t size) {
    return k + " / " + std::to_string(inner) + " % " + std::to_string(size);
  });
}

LogicalResult Writer::writeVectorOp(Operation *op, const std::string &indent,
                                    raw_ostream &os) {
  auto declareResult = [&](Value result) -> FailureOr<std::string> {
    FailureOr<std::string> type = typeName(result.getType(), op);
    if (failed(type))
      return failure();
    return *type + " " + fresh(result);
  };
  auto assign = [&](const std::string &expression) -> LogicalResult {
    FailureOr<std::string> declaration = declareResult(op->getResult(0));
    if (failed(declaration))
      return failure();
    os << indent << *declaration << " = " << expression << ";\n";
    return success();
  };
  SmallVector<std::string> operands;
  for (Value operand : op->getOperands())
    operands.push_back(name(operand));

  // Elementwise arith and math, row by row for n-D vectors.
  if (op->getNumResults() == 1 && isa<VectorType>(op->getResult(0).getType())) {
    auto type = cast<VectorType>(op->getResult(0).getType());
    // A scalar condition selects whole values.
    if (auto select = dyn_cast<arith::SelectOp>(op);
        select && !isa<VectorType>(select.getCondition().getType()))
      return assign(operands[0] + " ? " + operands[1] + " : " + operands[2]);
    bool applies =
        !isa<arith::ConstantOp>(op) &&
        !isa<vector::VectorDialect, ub::UBDialect>(op->getDialect()) &&
        !elementwise(op, SmallVector<std::string>(op->getNumOperands(), "x"))
             .empty();
    if (applies)
      return assign(rowwise(type, operands, [&](ArrayRef<std::string> x) {
        return elementwise(op, x);
      }));
  }

  // The real lanes of a 1-D vector value.
  auto laneCount = [](Type type) {
    auto vector = cast<VectorType>(type);
    return vector.getRank() ? vector.getShape().back() : int64_t(1);
  };
  auto scalarOf = [&](Type type) {
    return scalarName(cast<VectorType>(type).getElementType().isInteger(1)
                          ? IntegerType::get(op->getContext(), 32)
                          : cast<VectorType>(type).getElementType(),
                      op);
  };

  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](ub::PoisonOp) {
        FailureOr<std::string> type = typeName(op->getResult(0).getType(), op);
        if (failed(type))
          return failure();
        return assign(*type + "{}");
      })
      .Case([&](arith::ConstantOp constant) -> LogicalResult {
        auto dense = dyn_cast<DenseElementsAttr>(constant.getValue());
        auto type = cast<VectorType>(constant.getType());
        if (!dense)
          return op->emitError("dlc --emit=cpp: vector constant");
        FailureOr<std::string> typeText = typeName(type, op);
        if (failed(typeText))
          return failure();
        if (dense.isSplat()) {
          std::optional<std::string> value =
              literal(dense.getSplatValue<Attribute>(), type.getElementType());
          if (!value)
            return op->emitError("dlc --emit=cpp: vector constant");
          auto row = VectorType::get(
              type.getShape().take_back(std::min<int64_t>(type.getRank(), 1)),
              type.getElementType());
          std::string rowType = *vectorName(row, op);
          return assign(rowwise(type, {}, [&](ArrayRef<std::string>) {
            return rowType + "{} + " + *value;
          }));
        }
        if (type.getRank() != 1)
          return op->emitError("dlc --emit=cpp: n-D vector constants");
        SmallVector<std::string> values;
        for (Attribute attr : dense.getValues<Attribute>())
          values.push_back(*literal(attr, type.getElementType()));
        return assign(*typeText + "{" + llvm::join(values, ", ") + "}");
      })
      .Case([&](vector::BroadcastOp broadcast) -> LogicalResult {
        auto type = broadcast.getResultVectorType();
        Type source = broadcast.getSourceType();
        auto sourceVector = dyn_cast<VectorType>(source);
        if (sourceVector && sourceVector.getRank() == type.getRank() &&
            sourceVector.getShape() != type.getShape())
          return op->emitError("dlc --emit=cpp: stretching broadcasts");
        int64_t sourceRank = sourceVector ? sourceVector.getRank() : 0;
        // The rows above the source's rank repeat it; a scalar fills a row.
        auto rowType = VectorType::get(
            type.getShape().take_back(std::min<int64_t>(type.getRank(), 1)),
            type.getElementType());
        std::string rowName = *vectorName(rowType, op);
        std::string value = operands[0];
        std::function<std::string(VectorType, unsigned)> build =
            [&](VectorType at, unsigned level) -> std::string {
          if (sourceVector && at.getRank() == sourceRank)
            return value;
          if (at.getRank() <= 1)
            return rowName + "{} + " + value;
          std::string i = "i" + std::to_string(level),
                      r = "r" + std::to_string(level);
          auto inner =
              VectorType::get(at.getShape().drop_front(), at.getElementType());
          return "[&] {\n    " + *vectorName(at, op) + " " + r +
                 ";\n    for (int " + i + " = 0; " + i + " < " +
                 std::to_string(at.getDimSize(0)) + "; ++" + i + ")\n      " +
                 r + ".r[" + i + "] = " + build(inner, level + 1) +
                 ";\n    return " + r + ";\n  }()";
        };
        return assign(build(type, 0));
      })
      .Case([&](vector::ExtractOp extract) -> LogicalResult {
        std::string text = operands[0];
        auto sourceType = extract.getSourceVectorType();
        unsigned next = 0;
        SmallVector<OpFoldResult> positions = extract.getMixedPosition();
        for (auto [axis, position] : llvm::enumerate(positions)) {
          std::string index =
              isa<Attribute>(position)
                  ? std::to_string(
                        cast<IntegerAttr>(cast<Attribute>(position)).getInt())
                  : name(cast<Value>(position));
          (void)next;
          text += int64_t(axis) + 1 < sourceType.getRank() ||
                          int64_t(positions.size()) < sourceType.getRank()
                      ? ".r[" + index + "]"
                      : "[" + index + "]";
        }
        if (sourceType.getRank() == 0 && !isa<VectorType>(extract.getType()))
          text += "[0]";
        return assign(text);
      })
      .Case([&](vector::InsertOp insert) -> LogicalResult {
        FailureOr<std::string> declaration = declareResult(insert.getResult());
        if (failed(declaration))
          return failure();
        std::string result = names.lookup(insert.getResult());
        os << indent << *declaration << " = " << name(insert.getDest())
           << ";\n";
        std::string target = result;
        auto destType = insert.getDestVectorType();
        SmallVector<OpFoldResult> positions = insert.getMixedPosition();
        for (auto [axis, position] : llvm::enumerate(positions)) {
          std::string index =
              isa<Attribute>(position)
                  ? std::to_string(
                        cast<IntegerAttr>(cast<Attribute>(position)).getInt())
                  : name(cast<Value>(position));
          target += int64_t(axis) + 1 < destType.getRank() ||
                            int64_t(positions.size()) < destType.getRank()
                        ? ".r[" + index + "]"
                        : "[" + index + "]";
        }
        if (destType.getRank() == 0 &&
            !isa<VectorType>(insert.getValueToStore().getType()))
          target += "[0]";
        os << indent << target << " = " << name(insert.getValueToStore())
           << ";\n";
        return success();
      })
      .Case([&](vector::LoadOp load) -> LogicalResult {
        VectorType type = load.getVectorType();
        FailureOr<std::string> declaration = declareResult(load.getResult());
        FailureOr<std::string> typeText = typeName(type, op);
        FailureOr<std::string> scalar = scalarOf(type);
        if (failed(declaration) || failed(typeText) || failed(scalar))
          return failure();
        std::string result = names.lookup(load.getResult());
        os << indent << *declaration << " = " << *typeText << "{};\n";
        int64_t lanes = laneCount(type);
        forEachRow(type, load.getBase(), load.getIndices(), indent, os,
                   [&](const std::string &at, const std::string &path,
                       const std::string &address) {
                     os << at << "std::memcpy(&" << result << path << ", "
                        << address << ", " << lanes << " * sizeof(" << *scalar
                        << "));\n";
                   });
        return success();
      })
      .Case([&](vector::StoreOp store) -> LogicalResult {
        VectorType type = store.getVectorType();
        FailureOr<std::string> scalar = scalarOf(type);
        if (failed(scalar))
          return failure();
        std::string value = name(store.getValueToStore());
        int64_t lanes = laneCount(type);
        forEachRow(type, store.getBase(), store.getIndices(), indent, os,
                   [&](const std::string &at, const std::string &path,
                       const std::string &address) {
                     os << at << "std::memcpy(" << address << ", &" << value
                        << path << ", " << lanes << " * sizeof(" << *scalar
                        << "));\n";
                   });
        return success();
      })
      .Case([&](vector::MaskedLoadOp load) -> LogicalResult {
        FailureOr<std::string> declaration = declareResult(load.getResult());
        FailureOr<std::string> scalar =
            scalarName(load.getVectorType().getElementType(), op);
        if (failed(declaration) || failed(scalar))
          return failure();
        std::string result = names.lookup(load.getResult());
        os << indent << *declaration << " = " << name(load.getPassThru())
           << ";\n";
        writeMasked(load.getMask(), laneCount(load.getVectorType()), *scalar,
                    "&" + result,
                    "&" + element(load.getBase(), load.getIndices()), indent,
                    os,
                    result + "[i] = (&" +
                        element(load.getBase(), load.getIndices()) + ")[i]");
        return success();
      })
      .Case([&](vector::MaskedStoreOp store) -> LogicalResult {
        FailureOr<std::string> scalar =
            scalarName(store.getVectorType().getElementType(), op);
        if (failed(scalar))
          return failure();
        std::string value = name(store.getValueToStore());
        std::string address =
            "&" + element(store.getBase(), store.getIndices());
        writeMasked(store.getMask(), laneCount(store.getVectorType()), *scalar,
                    address, "&" + value, indent, os,
                    "(" + address + ")[i] = " + value + "[i]");
        return success();
      })
      .Case([&](vector::FMAOp fma) -> LogicalResult {
        return assign(rowwise(
            fma.getVectorType(), operands, [&](ArrayRef<std::string> x) {
              return "dlc_vfma(" + x[0] + ", " + x[1] + ", " + x[2] + ")";
            }));
      })
      .Case([&](vector::ReductionOp reduction) -> LogicalResult {
        using K = vector::CombiningKind;
        std::string a = "a", b = "b", combine;
        switch (reduction.getKind()) {
        case K::ADD:
          combine = "a + b";
          break;
        case K::MUL:
          combine = "a * b";
          break;
        case K::MAXIMUMF:
          combine = "dlc_maximum(a, b)";
          break;
        case K::MINIMUMF:
          combine = "dlc_minimum(a, b)";
          break;
        case K::MAXNUMF:
          combine = "std::fmax(a, b)";
          break;
        case K::MINNUMF:
          combine = "std::fmin(a, b)";
          break;
        case K::MAXSI:
          combine = "a > b ? a : b";
          break;
        case K::MINSI:
          combine = "a < b ? a : b";
          break;
        case K::AND:
          combine = "a & b";
          break;
        case K::OR:
          combine = "a | b";
          break;
        case K::XOR:
          combine = "a ^ b";
          break;
        default:
          return op->emitError("dlc --emit=cpp: reduction kind");
        }
        FailureOr<std::string> declaration =
            declareResult(reduction.getResult());
        if (failed(declaration))
          return failure();
        std::string result = names.lookup(reduction.getResult());
        std::string vector = name(reduction.getVector());
        int64_t lanes = laneCount(reduction.getVector().getType());
        bool accumulates = bool(reduction.getAcc());
        os << indent << *declaration << " = "
           << (accumulates ? name(reduction.getAcc()) : vector + "[0]") << ";\n"
           << indent << "for (int i = " << (accumulates ? 0 : 1) << "; i < "
           << lanes << "; ++i) {\n"
           << indent << "  auto a = " << result << ", b = " << vector
           << "[i];\n"
           << indent << "  " << result << " = " << combine << ";\n"
           << indent << "}\n";
        return success();
      })
      .Case([&](vector::ShapeCastOp cast) -> LogicalResult {
        // Through the elements in row-major order.
        auto from = cast.getSourceVectorType();
        auto to = cast.getResultVectorType();
        FailureOr<std::string> declaration = declareResult(cast.getResult());
        FailureOr<std::string> scalar =
            scalarName(from.getElementType().isInteger(1)
                           ? IntegerType::get(op->getContext(), 32)
                           : from.getElementType(),
                       op);
        if (failed(declaration) || failed(scalar))
          return failure();
        std::string result = names.lookup(cast.getResult());
        // Rows without padding lanes lie in row-major order.
        auto unpadded = [](VectorType type) {
          return type.getRank() == 0 ||
                 llvm::isPowerOf2_64(uint64_t(type.getShape().back()));
        };
        if (unpadded(from) && unpadded(to)) {
          os << indent << *declaration << ";\n"
             << indent << "std::memcpy(&" << result << ", &"
             << name(cast.getSource()) << ", sizeof " << result << ");\n";
          return success();
        }
        os << indent << *declaration << " = {};\n"
           << indent << "for (int k = 0; k < " << from.getNumElements()
           << "; ++k)\n"
           << indent << "  " << elementPath(to, result, std::string("k"))
           << " = "
           << elementPath(from, name(cast.getSource()), std::string("k"))
           << ";\n";
        return success();
      })
      .Case([&](vector::CreateMaskOp mask) -> LogicalResult {
        if (mask.getVectorType().getRank() != 1)
          return op->emitError("dlc --emit=cpp: n-D masks");
        FailureOr<std::string> declaration = declareResult(mask.getResult());
        if (failed(declaration))
          return failure();
        std::string result = names.lookup(mask.getResult());
        os << indent << *declaration << " = dlc_vprefix<"
           << *typeName(mask.getVectorType(), op) << ">(" << operands[0]
           << ");\n";
        return success();
      })
      .Case([&](vector::StepOp step) -> LogicalResult {
        SmallVector<std::string> values;
        for (int64_t i = 0; i < laneCount(step.getType()); ++i)
          values.push_back(std::to_string(i));
        FailureOr<std::string> type = typeName(step.getType(), op);
        if (failed(type))
          return failure();
        return assign(*type + "{" + llvm::join(values, ", ") + "}");
      })
      .Case([&](vector::ToElementsOp toElements) -> LogicalResult {
        // Each element in row-major order, as a scalar of its own.
        VectorType type = toElements.getSource().getType();
        for (auto [k, result] : llvm::enumerate(toElements.getResults())) {
          if (result.use_empty())
            continue;
          FailureOr<std::string> scalar = scalarName(result.getType(), op);
          if (failed(scalar))
            return failure();
          std::string path = elementPath(type, operands[0], int64_t(k));
          os << indent << declare(*scalar, fresh(result)) << " = " << path
             << ";\n";
        }
        return success();
      })
      .Case([&](vector::FromElementsOp fromElements) -> LogicalResult {
        VectorType type = fromElements.getDest().getType();
        FailureOr<std::string> declaration =
            declareResult(fromElements.getResult());
        if (failed(declaration))
          return failure();
        std::string result = names.lookup(fromElements.getResult());
        os << indent << *declaration << " = {};\n";
        for (auto [k, element] : llvm::enumerate(operands)) {
          std::string path = elementPath(type, result, int64_t(k));
          os << indent << path << " = " << element << ";\n";
        }
        return success();
      })
      .Case([&](vector::ShuffleOp shuffle) -> LogicalResult {
        if (shuffle.getV1VectorType().getRank() != 1)
          return op->emitError("dlc --emit=cpp: n-D shuffles");
        FailureOr<std::string> declaration = declareResult(shuffle.getResult());
        if (failed(declaration))
          return failure();
        std::string result = names.lookup(shuffle.getResult());
        int64_t first = laneCount(shuffle.getV1VectorType());
        os << indent << *declaration << " = {};\n";
        for (auto [i, index] : llvm::enumerate(shuffle.getMask()))
          os << indent << result << "[" << i << "] = "
             << (index < first
                     ? operands[0] + "[" + std::to_string(index)
                     : operands[1] + "[" + std::to_string(index - first))
             << "];\n";
        return success();
      })
      .Default([&](Operation *) -> LogicalResult {
        return op->emitError("dlc --emit=cpp: '")
               << op->getName() << "' on vectors has no C++ translation";
      });
}

LogicalResult Writer::writeMemRefOp(Operation *op, const std::string &indent,
                                    raw_ostream &os) {
  auto emit = [&](FailureOr<std::string> text) -> LogicalResult {
    if (failed(text))
      return failure();
    os << indent << *text << "\n";
    return success();
  };
  /// Row-major strides of `sizes` as expressions.
  auto rowMajor = [](ArrayRef<std::string> sizes) {
    SmallVector<std::string> strides(sizes.size(), "1");
    for (int64_t axis = int64_t(sizes.size()) - 2; axis >= 0; --axis)
      strides[axis] =
          strides[axis + 1] == "1"
              ? sizes[axis + 1]
              : "(" + strides[axis + 1] + " * " + sizes[axis + 1] + ")";
    return strides;
  };
  auto dynamicSizes = [&](MemRefType type, ValueRange dynamic) {
    SmallVector<std::string> sizes;
    unsigned next = 0;
    for (int64_t dim : type.getShape())
      sizes.push_back(ShapedType::isDynamic(dim) ? name(dynamic[next++])
                                                 : std::to_string(dim));
    return sizes;
  };

  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](memref::LoadOp load) -> LogicalResult {
        FailureOr<std::string> type = typeName(load.getType(), op);
        if (failed(type))
          return failure();
        os << indent << *type << " " << fresh(load.getResult()) << " = "
           << element(load.getMemRef(), load.getIndices()) << ";\n";
        return success();
      })
      .Case([&](memref::StoreOp store) -> LogicalResult {
        os << indent << element(store.getMemRef(), store.getIndices()) << " = "
           << name(store.getValueToStore()) << ";\n";
        return success();
      })
      .Case([&](memref::DimOp dim) -> LogicalResult {
        std::optional<int64_t> axis = dim.getConstantIndex();
        if (!axis)
          return dim.emitError("dlc --emit=cpp: memref.dim of a dynamic axis");
        auto type = cast<MemRefType>(dim.getSource().getType());
        os << indent << "int64_t " << fresh(dim.getResult()) << " = "
           << staticOr(type.getDimSize(*axis), name(dim.getSource()) +
                                                   ".sizes[" +
                                                   std::to_string(*axis) + "]")
           << ";\n";
        return success();
      })
      .Case<memref::AllocaOp, memref::AllocOp>([&](auto alloc)
                                                   -> LogicalResult {
        MemRefType type = alloc.getType();
        FailureOr<std::string> element = elementName(type.getElementType(), op);
        if (failed(element))
          return failure();
        SmallVector<std::string> sizes =
            dynamicSizes(type, alloc.getDynamicSizes());
        std::string count = sizes.empty() ? "1" : llvm::join(sizes, " * ");
        std::string buffer = "b" + std::to_string(counter++);
        if (isa<memref::AllocaOp>(op) && type.hasStaticShape()) {
          os << indent << "alignas(64) " << *element << " " << buffer << "["
             << type.getNumElements() << "];\n";
        } else {
          // A heap buffer (freed by memref.dealloc).
          if (isa<memref::AllocaOp>(op))
            return op->emitError("dlc --emit=cpp: a stack buffer of dynamic "
                                 "size is not supported");
          os << indent << *element << " *" << buffer << " = static_cast<"
             << *element << " *>(dlc_alloc(int64_t(sizeof(" << *element
             << ")) * " << count << "));\n";
        }
        return emit(descriptor(alloc.getResult(), buffer, buffer, "0", sizes,
                               rowMajor(sizes), op));
      })
      .Case([&](memref::GetGlobalOp get) -> LogicalResult {
        auto it = globalNames.find(get.getName());
        if (it == globalNames.end())
          return get.emitError("dlc --emit=cpp: unknown global @")
                 << get.getName();
        MemRefType type = get.getType();
        SmallVector<std::string> sizes;
        for (int64_t dim : type.getShape())
          sizes.push_back(std::to_string(dim));
        // (The compiled code never writes a constant.)
        FailureOr<std::string> element = elementName(type.getElementType(), op);
        if (failed(element))
          return failure();
        std::string pointer =
            "const_cast<" + *element + " *>(" + it->second + ")";
        return emit(descriptor(get.getResult(), pointer, pointer, "0", sizes,
                               rowMajor(sizes), op));
      })
      .Case([&](memref::DeallocOp dealloc) -> LogicalResult {
        os << indent << "std::free(" << name(dealloc.getMemref())
           << ".allocated);\n";
        return success();
      })
      .Case([&](memref::ViewOp view) -> LogicalResult {
        MemRefType type = view.getType();
        FailureOr<std::string> element = elementName(type.getElementType(), op);
        if (failed(element))
          return failure();
        std::string source = name(view.getSource());
        std::string pointer = "reinterpret_cast<" + *element + " *>(" + source +
                              ".aligned + " + source + ".offset + " +
                              name(view.getByteShift()) + ")";
        SmallVector<std::string> sizes = dynamicSizes(type, view.getSizes());
        return emit(descriptor(view.getResult(), pointer, pointer, "0", sizes,
                               rowMajor(sizes), op));
      })
      .Case([&](memref::SubViewOp subview) -> LogicalResult {
        std::string source = name(subview.getSource());
        auto sourceType = subview.getSourceType();
        SmallVector<int64_t> sourceStrides;
        int64_t sourceOffset;
        bool known = succeeded(
            sourceType.getStridesAndOffset(sourceStrides, sourceOffset));
        auto strideOf = [&](unsigned axis) {
          return known ? staticOr(sourceStrides[axis],
                                  source + ".strides[" + std::to_string(axis) +
                                      "]")
                       : source + ".strides[" + std::to_string(axis) + "]";
        };
        std::string offset = known ? staticOr(sourceOffset, source + ".offset")
                                   : source + ".offset";
        SmallVector<OpFoldResult> offsets = subview.getMixedOffsets();
        SmallVector<OpFoldResult> sizes = subview.getMixedSizes();
        SmallVector<OpFoldResult> steps = subview.getMixedStrides();
        auto text = [&](OpFoldResult value) {
          if (auto attr = dyn_cast<Attribute>(value))
            return std::to_string(cast<IntegerAttr>(attr).getInt());
          return name(cast<Value>(value));
        };
        for (auto [axis, start] : llvm::enumerate(offsets)) {
          std::string value = text(start);
          if (value != "0")
            offset += " + " + value + " * " + strideOf(axis);
        }
        llvm::SmallBitVector dropped = subview.getDroppedDims();
        SmallVector<std::string> resultSizes, resultStrides;
        for (unsigned axis = 0; axis < sizes.size(); ++axis) {
          if (dropped.test(axis))
            continue;
          resultSizes.push_back(text(sizes[axis]));
          std::string step = text(steps[axis]);
          resultStrides.push_back(step == "1" ? strideOf(axis)
                                              : strideOf(axis) + " * " + step);
        }
        return emit(descriptor(subview.getResult(), source + ".allocated",
                               source + ".aligned", offset, resultSizes,
                               resultStrides, op));
      })
      .Case([&](memref::CastOp cast) -> LogicalResult {
        std::string source = name(cast.getSource());
        auto type = llvm::cast<MemRefType>(cast.getType());
        SmallVector<std::string> sizes, strides;
        for (int64_t axis = 0; axis < type.getRank(); ++axis) {
          sizes.push_back(source + ".sizes[" + std::to_string(axis) + "]");
          strides.push_back(source + ".strides[" + std::to_string(axis) + "]");
        }
        return emit(descriptor(cast.getResult(), source + ".allocated",
                               source + ".aligned", source + ".offset", sizes,
                               strides, op));
      })
      .Case([&](memref::CollapseShapeOp collapse) -> LogicalResult {
        std::string source = name(collapse.getSrc());
        SmallVector<std::string> sizes, strides;
        for (const ReassociationIndices &group :
             collapse.getReassociationIndices()) {
          SmallVector<std::string> factors;
          for (int64_t axis : group)
            factors.push_back(source + ".sizes[" + std::to_string(axis) + "]");
          sizes.push_back(llvm::join(factors, " * "));
          strides.push_back(source + ".strides[" +
                            std::to_string(group.back()) + "]");
        }
        return emit(descriptor(collapse.getResult(), source + ".allocated",
                               source + ".aligned", source + ".offset", sizes,
                               strides, op));
      })
      .Case([&](memref::ExpandShapeOp expand) -> LogicalResult {
        std::string source = name(expand.getSrc());
        MemRefType type = expand.getResultType();
        SmallVector<std::string> sizes(type.getRank()), strides(type.getRank());
        for (auto [sourceAxis, group] :
             llvm::enumerate(expand.getReassociationIndices())) {
          std::string sourceSize =
              source + ".sizes[" + std::to_string(sourceAxis) + "]";
          int64_t known = 1;
          for (int64_t axis : group)
            if (!ShapedType::isDynamic(type.getDimSize(axis)))
              known *= type.getDimSize(axis);
          for (int64_t axis : group)
            sizes[axis] =
                ShapedType::isDynamic(type.getDimSize(axis))
                    ? "(" + sourceSize + " / " + std::to_string(known) + ")"
                    : std::to_string(type.getDimSize(axis));
          std::string stride =
              source + ".strides[" + std::to_string(sourceAxis) + "]";
          for (int64_t i = int64_t(group.size()) - 1; i >= 0; --i) {
            strides[group[i]] = stride;
            stride = "(" + stride + " * " + sizes[group[i]] + ")";
          }
        }
        return emit(descriptor(expand.getResult(), source + ".allocated",
                               source + ".aligned", source + ".offset", sizes,
                               strides, op));
      })
      .Case([&](memref::ExtractStridedMetadataOp metadata) -> LogicalResult {
        std::string source = name(metadata.getSource());
        if (failed(
                emit(descriptor(metadata.getBaseBuffer(), source + ".allocated",
                                source + ".aligned", "0", {}, {}, op))))
          return failure();
        os << indent << "int64_t " << fresh(metadata.getOffset()) << " = "
           << source << ".offset;\n";
        for (auto [axis, size] : llvm::enumerate(metadata.getSizes()))
          os << indent << "int64_t " << fresh(size) << " = " << source
             << ".sizes[" << axis << "];\n";
        for (auto [axis, stride] : llvm::enumerate(metadata.getStrides()))
          os << indent << "int64_t " << fresh(stride) << " = " << source
             << ".strides[" << axis << "];\n";
        return success();
      })
      .Case(
          [&](memref::ExtractAlignedPointerAsIndexOp pointer) -> LogicalResult {
            os << indent << "int64_t " << fresh(pointer.getResult())
               << " = int64_t(reinterpret_cast<uintptr_t>("
               << name(pointer.getSource()) << ".aligned));\n";
            return success();
          })
      .Default([&](Operation *) -> LogicalResult {
        return op->emitError("dlc --emit=cpp: '")
               << op->getName() << "' has no C++ translation";
      });
}

/// A constant tensor as an array (written once, read through descriptors).
LogicalResult Writer::writeGlobal(memref::GlobalOp global, raw_ostream &os) {
  auto value = dyn_cast_or_null<DenseElementsAttr>(
      global.getInitialValue().value_or(Attribute()));
  MemRefType type = global.getType();
  if (!value || !type.hasStaticShape())
    return global.emitError("dlc --emit=cpp: only globals of static shape "
                            "initialised with dense values are supported");
  FailureOr<std::string> element = elementName(type.getElementType(), global);
  if (failed(element))
    return failure();
  StringRef symbol = global.getSymName();
  bool usable =
      !symbol.empty() && !symbol.starts_with("_") &&
      !std::isdigit(static_cast<unsigned char>(symbol[0])) &&
      llvm::all_of(symbol, [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
      });
  std::string arrayName =
      usable ? symbol.str()
             : "dlc_global_" + std::to_string(globalNames.size());
  globalNames[global.getSymName()] = arrayName;
  Type scalar = type.getElementType();
  SmallVector<std::string> values;
  auto add = [&](Attribute attr) -> LogicalResult {
    std::optional<std::string> text = literal(attr, scalar);
    if (!text)
      return global.emitError("dlc --emit=cpp: unsupported global element");
    values.push_back(*text);
    return success();
  };
  int64_t count = std::max<int64_t>(type.getNumElements(), 1);
  if (value.isSplat()) {
    for (int64_t i = 0; i < count; ++i)
      if (failed(add(value.getSplatValue<Attribute>())))
        return failure();
  } else {
    for (Attribute attr : value.getValues<Attribute>())
      if (failed(add(attr)))
        return failure();
  }
  os << "alignas(64) const " << *element << " " << arrayName << "[" << count
     << "] = {";
  for (auto [i, text] : llvm::enumerate(values))
    os << (i % 8 ? ", " : i ? ",\n    " : "\n    ") << text;
  os << "};\n\n";
  return success();
}

LogicalResult Writer::writeFunction(func::FuncOp func, raw_ostream &os) {
  names.clear();
  counter = 0;
  lastOrigin.clear();
  SmallVector<std::string> params;
  for (BlockArgument arg : func.getArguments()) {
    FailureOr<std::string> type = typeName(arg.getType(), func);
    if (failed(type))
      return failure();
    std::string variable = "a" + std::to_string(arg.getArgNumber());
    names[arg] = variable;
    params.push_back(arg.use_empty() ? *type : declare(*type, variable));
  }
  std::string result = "void";
  if (func.getNumResults() > 1)
    return func.emitError("dlc --emit=cpp: functions with several results "
                          "are not supported");
  if (func.getNumResults() == 1) {
    FailureOr<std::string> type = typeName(func.getResultTypes()[0], func);
    if (failed(type))
      return failure();
    result = *type;
  }
  os << "static " << result << " " << func.getName() << "("
     << llvm::join(params, ", ") << ") {\n";
  if (failed(writeBlock(func.getBody().front(), 1, os)))
    return failure();
  os << "}\n\n";
  return success();
}

/// The plain C form (data pointers, sizes, blocks, scratch) and the
/// strided one (a descriptor per argument) of `entry`, calling the
/// function written for it.
LogicalResult Writer::writeEntryPoint(const EntrySpec &entry, raw_ostream &os) {
  auto func = module.lookupSymbol<func::FuncOp>(entry.function);
  if (!func)
    return module.emitError("dlc --emit=cpp: no function ")
           << entry.function << " for entry point @" << entry.name;
  if (func.getNumArguments() != entry.args.size())
    return func.emitError("dlc --emit=cpp: takes ")
           << func.getNumArguments() << " arguments where its interface has "
           << entry.args.size();
  // The strided form passes the caller's descriptors through.
  SmallVector<std::string> params, args;
  for (auto [i, arg] : llvm::enumerate(func.getArguments())) {
    FailureOr<std::string> type = typeName(arg.getType(), func);
    if (failed(type))
      return failure();
    params.push_back(*type + " *d" + std::to_string(i));
    args.push_back("*d" + std::to_string(i));
  }
  os << "extern \"C\" void dlc_" << entry.function << "_strided("
     << llvm::join(params, ", ") << ") {\n  " << entry.function << "("
     << llvm::join(args, ", ") << ");\n}\n\n";
  if (packed) {
    SmallVector<std::string> unpacked;
    for (auto [i, arg] : llvm::enumerate(func.getArguments())) {
      FailureOr<std::string> type = typeName(arg.getType(), func);
      if (failed(type))
        return failure();
      unpacked.push_back("*static_cast<" + *type + " *>(d[" +
                         std::to_string(i) + "])");
    }
    os << "extern \"C\" void dlc_" << entry.function
       << "_packed(void **d) {\n  " << entry.function << "("
       << llvm::join(unpacked, ", ") << ");\n}\n\n";
  }
  if (!entry.hasPlainForm())
    return success();

  // The plain form, with the header's prototype.
  std::vector<std::string> sizeNames = entry.sizes.argNames();
  os << "extern \"C\" void dlc_" << entry.function << "("
     << llvm::join(plainParameters(entry, interface.device), ", ") << ") {\n";
  for (const std::string &size : sizeNames)
    os << "  (void)" << size << ";\n";
  SmallVector<std::string> callArgs;
  for (auto [i, arg] : llvm::enumerate(entry.args)) {
    // The block or pointer the argument is in, and its byte offset there.
    std::string block;
    int64_t offset = 0;
    switch (arg.role) {
    case ArgRole::input:
      block = entry.inputs[arg.index].name;
      break;
    case ArgRole::output:
      block = entry.outputs[arg.index].name;
      break;
    case ArgRole::param:
    case ArgRole::newParam:
      block = "params";
      offset = interface.params[arg.index].offset;
      break;
    case ArgRole::slot:
    case ArgRole::newSlot:
      block = "state";
      offset = entry.state.slots[arg.index].offset;
      break;
    case ArgRole::step:
    case ArgRole::newStep:
      block = "state";
      offset = entry.state.stepOffset;
      break;
    case ArgRole::grad:
      block = "grads";
      offset = entry.gradients.slots[arg.index].offset;
      break;
    case ArgRole::scratch:
      block = "scratch";
      break;
    case ArgRole::stream:
      return func.emitError("dlc --emit=cpp: code for CPUs takes no stream");
    }
    Type type = func.getArgument(i).getType();
    FailureOr<std::string> typeText = typeName(type, func);
    FailureOr<std::string> element =
        elementName(cast<MemRefType>(type).getElementType(), func);
    if (failed(typeText) || failed(element))
      return failure();
    SmallVector<std::string> sizes;
    int64_t rank = arg.type.getRank();
    for (int64_t axis = 0; axis < rank; ++axis)
      sizes.push_back(arg.role == ArgRole::scratch
                          ? "(" + entry.scratchExpression() + ")"
                          : entry.dimOf(unsigned(i), unsigned(axis)));
    SmallVector<std::string> strides(rank, "1");
    for (int64_t axis = rank - 2; axis >= 0; --axis)
      strides[axis] = strides[axis + 1] == "1"
                          ? sizes[axis + 1]
                          : strides[axis + 1] + " * " + sizes[axis + 1];
    std::string variable = "d" + std::to_string(i);
    std::string cast = "dlc_ptr<" + *element + ">(" + block +
                       (offset ? ", " + std::to_string(offset) : "") + ")";
    os << "  " << *typeText << " " << variable << " = {" << cast << ", " << cast
       << ", 0";
    if (rank)
      os << ", {" << llvm::join(sizes, ", ") << "}, {"
         << llvm::join(strides, ", ") << "}";
    os << "};\n";
    callArgs.push_back(variable);
  }
  os << "  " << entry.function << "(" << llvm::join(callArgs, ", ")
     << ");\n}\n\n";
  return success();
}

LogicalResult Writer::write(StringRef source, raw_ostream &os) {
  std::string body;
  llvm::raw_string_ostream bodyStream(body);
  // Declarations first: helpers may be called before their definition.
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isExternal())
      return func.emitError("dlc --emit=cpp: external function ")
             << func.getName();
    SmallVector<std::string> params;
    for (Type type : func.getArgumentTypes()) {
      FailureOr<std::string> name = typeName(type, func);
      if (failed(name))
        return failure();
      params.push_back(*name);
    }
    std::string result = "void";
    if (func.getNumResults() == 1) {
      FailureOr<std::string> name = typeName(func.getResultTypes()[0], func);
      if (failed(name))
        return failure();
      result = *name;
    }
    bodyStream << "static " << result << " " << func.getName() << "("
               << llvm::join(params, ", ") << ");\n";
  }
  bodyStream << "\n";
  for (auto global : module.getOps<memref::GlobalOp>())
    if (failed(writeGlobal(global, bodyStream)))
      return failure();
  for (auto func : module.getOps<func::FuncOp>())
    if (failed(writeFunction(func, bodyStream)))
      return failure();
  bodyStream << "} // namespace\n\n";
  for (const EntrySpec &entry : interface.entries)
    if (failed(writeEntryPoint(entry, bodyStream)))
      return failure();
  os << "// Generated by dlc " << DLC_VERSION << " from " << source
     << ". Do not edit.\n// C++17, from the model's loops; build without "
        "-ffast-math (IEEE float\n// semantics, as the object).\n\n"
     << kPrelude << "namespace {\n\n"
     << refDefinitions << "\n"
     << body;
  return success();
}

} // namespace

LogicalResult translateStructuredToCpp(ModuleOp module,
                                       const ModelInterface &interface,
                                       StringRef source, raw_ostream &os,
                                       bool packed) {
  return Writer(module, interface, packed).write(source, os);
}

} // namespace dlc
