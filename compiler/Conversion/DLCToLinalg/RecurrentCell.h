//===- RecurrentCell.h - One step of simple_rnn, lstm and gru -------------===//
//
// The cell math of the recurrent layers, written once: the forward lowering
// runs it over time, and the backward pass runs the same loop again saving
// what its reverse loop reads (gate activations, previous states).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_CONVERSION_DLCTOLINALG_RECURRENTCELL_H
#define DLC_CONVERSION_DLCTOLINALG_RECURRENTCELL_H

#include "Conversion/DLCToLinalg/Builders.h"

namespace dlc::lowering {

enum class CellKind { simpleRNN, lstm, gru };

/// An scf.for over the time steps of the [B, T, ...] `sequence` carrying
/// `init`, forwards or (`reverse`) backwards; `body` gets the step index
/// and the carried values and returns the next ones.
mlir::ValueRange
overSteps(mlir::OpBuilder &b, mlir::Location loc, mlir::Value sequence,
          mlir::ValueRange init, bool reverse,
          llvm::function_ref<llvm::SmallVector<mlir::Value>(
              mlir::OpBuilder &, mlir::Location, mlir::Value, mlir::ValueRange)>
              body);

class RecurrentCell {
public:
  /// The cell of a dlc.simple_rnn, dlc.lstm or dlc.gru; fails for any other
  /// op and for softmax as an activation (not pointwise; the verifier
  /// rejects it already).
  static mlir::FailureOr<RecurrentCell> get(mlir::Operation *op);

  /// What one step saves for the backward pass, each [B, U], in order:
  ///   simple_rnn: h_prev, h
  ///   lstm:       i, f, g, o (activated gates), h_prev, c_prev, c
  ///   gru:        z, r, candidate, term (the candidate's recurrent input
  ///               before the reset gate: (h . U_h + b_h) with reset_after,
  ///               r * h without), h_prev
  enum Saved : unsigned {
    rnnHPrev = 0,
    rnnH,
    lstmI = 0,
    lstmF,
    lstmG,
    lstmO,
    lstmHPrev,
    lstmCPrev,
    lstmC,
    gruZ = 0,
    gruR,
    gruCandidate,
    gruTerm,
    gruHPrev,
  };
  unsigned numSaved() const;

  /// The loop over time, from the op's initial states (zeros when none).
  struct Run {
    /// The states after the last step: h (and c for an LSTM).
    llvm::SmallVector<mlir::Value> states;
    /// [B, T, U] outputs of every step, with `sequences`.
    mlir::Value outputs;
    /// [B, T, U] per saved value (numSaved()), with `save`.
    llvm::SmallVector<mlir::Value> saved;
  };
  Run run(mlir::OpBuilder &b, mlir::Location loc, bool sequences,
          bool save) const;

  mlir::Operation *op;
  CellKind kind;
  mlir::Value input, kernel, recurrentKernel, bias;
  mlir::ValueRange initialStates;
  Activation activation, recurrentActivation;
  bool resetAfter = false, returnSequences = false;
  int64_t units, numGates;

  int64_t packed() const { return numGates * units; }
  unsigned numStates() const { return kind == CellKind::lstm ? 2 : 1; }
  /// The part of the bias added to the input projection, and (GRU with
  /// reset_after) the part added to the recurrent one; null when none.
  mlir::Value inputBias(mlir::OpBuilder &b, mlir::Location loc) const;
  mlir::Value recurrentBias(mlir::OpBuilder &b, mlir::Location loc) const;
  /// x . W + input bias for every step: [B, T, G*U].
  mlir::Value project(mlir::OpBuilder &b, mlir::Location loc) const;

private:
  /// One step: the new states from `states` and the step's projection `xp`
  /// ([B, G*U]) (and the recurrent bias, see recurrentBias); appends the
  /// saved values to `saved` when given.
  llvm::SmallVector<mlir::Value>
  step(mlir::OpBuilder &b, mlir::Location loc, mlir::Value xp,
       mlir::ValueRange states, mlir::Value recurrentBias,
       llvm::SmallVectorImpl<mlir::Value> *saved) const;
};

} // namespace dlc::lowering

#endif // DLC_CONVERSION_DLCTOLINALG_RECURRENTCELL_H
