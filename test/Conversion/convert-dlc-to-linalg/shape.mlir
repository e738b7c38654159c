// RUN: dlc-opt %s --convert-dlc-to-linalg | FileCheck %s

// dlc.flatten collapses every axis but the batch axis; dlc.reshape goes
// through the [batch, rest] matrix and expands it to the result (the batch
// size from tensor.dim); dlc.concat inserts each input into one empty tensor
// at its running offset along the axis.

dlc.model @shapes {
  // CHECK-LABEL: func.func @shapes_flatten(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x5x5x4xf32>) -> tensor<?x100xf32>
  // CHECK-NEXT:    %[[F:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0], [1, 2, 3]] : tensor<?x5x5x4xf32> into tensor<?x100xf32>
  // CHECK-NEXT:    return %[[F]] : tensor<?x100xf32>
  dlc.func @flatten(%x: tensor<?x5x5x4xf32>) -> tensor<?x100xf32> {
    %y = dlc.flatten %x : tensor<?x5x5x4xf32> -> tensor<?x100xf32>
    dlc.return %y : tensor<?x100xf32>
  }

  // Flattening a matrix is a no-op.
  // CHECK-LABEL: func.func @shapes_flatten_matrix(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x7xf32>) -> tensor<?x7xf32>
  // CHECK-NEXT:    return %[[X]] : tensor<?x7xf32>
  dlc.func @flatten_matrix(%x: tensor<?x7xf32>) -> tensor<?x7xf32> {
    %y = dlc.flatten %x : tensor<?x7xf32> -> tensor<?x7xf32>
    dlc.return %y : tensor<?x7xf32>
  }

  // CHECK-LABEL: func.func @shapes_reshape(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x100xf32>) -> tensor<?x5x5x4xf32>
  // CHECK-NEXT:    %[[C0:.*]] = arith.constant 0 : index
  // CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[X]], %[[C0]] : tensor<?x100xf32>
  // CHECK-NEXT:    %[[E:.*]] = tensor.expand_shape %[[X]] {{\[}}[0], [1, 2, 3]] output_shape [%[[N]], 5, 5, 4] : tensor<?x100xf32> into tensor<?x5x5x4xf32>
  // CHECK-NEXT:    return %[[E]] : tensor<?x5x5x4xf32>
  dlc.func @reshape(%x: tensor<?x100xf32>) -> tensor<?x5x5x4xf32> {
    %y = dlc.reshape %x : tensor<?x100xf32> -> tensor<?x5x5x4xf32>
    dlc.return %y : tensor<?x5x5x4xf32>
  }

  // Rank 4 to rank 3: collapse to [N, 663], expand to [N, 221, 3].
  // CHECK-LABEL: func.func @shapes_reshape_rank(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?x13x17x3xf32>) -> tensor<?x221x3xf32>
  // CHECK-NEXT:    %[[F:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0], [1, 2, 3]] : tensor<?x13x17x3xf32> into tensor<?x663xf32>
  // CHECK-NEXT:    %[[C0:.*]] = arith.constant 0 : index
  // CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[F]], %[[C0]] : tensor<?x663xf32>
  // CHECK-NEXT:    %[[E:.*]] = tensor.expand_shape %[[F]] {{\[}}[0], [1, 2]] output_shape [%[[N]], 221, 3] : tensor<?x663xf32> into tensor<?x221x3xf32>
  // CHECK-NEXT:    return %[[E]] : tensor<?x221x3xf32>
  dlc.func @reshape_rank(%x: tensor<?x13x17x3xf32>) -> tensor<?x221x3xf32> {
    %y = dlc.reshape %x : tensor<?x13x17x3xf32> -> tensor<?x221x3xf32>
    dlc.return %y : tensor<?x221x3xf32>
  }

  // A vector of scalars becomes a column.
  // CHECK-LABEL: func.func @shapes_reshape_vector(
  // CHECK-SAME:      %[[X:[^:]*]]: tensor<?xf32>) -> tensor<?x1xf32>
  // CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?xf32>
  // CHECK-NEXT:    %[[E:.*]] = tensor.expand_shape %[[X]] {{\[}}[0, 1]] output_shape [%[[N]], 1] : tensor<?xf32> into tensor<?x1xf32>
  // CHECK-NEXT:    return %[[E]] : tensor<?x1xf32>
  dlc.func @reshape_vector(%x: tensor<?xf32>) -> tensor<?x1xf32> {
    %y = dlc.reshape %x : tensor<?xf32> -> tensor<?x1xf32>
    dlc.return %y : tensor<?x1xf32>
  }

  // Offsets 0, 1 and 4 along axis 2; the same input may appear twice.
  // CHECK-LABEL: func.func @shapes_concat(
  // CHECK-SAME:      %[[A:[^:]*]]: tensor<?x13x1xf32>, %[[B:[^:]*]]: tensor<?x13x3xf32>) -> tensor<?x13x5xf32>
  // CHECK:         %[[N:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x13x1xf32>
  // CHECK-NEXT:    %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x13x5xf32>
  // CHECK:         %[[NA:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x13x1xf32>
  // CHECK-NEXT:    %[[S0:.*]] = tensor.insert_slice %[[A]] into %[[E]][0, 0, 0] [%[[NA]], 13, 1] [1, 1, 1] : tensor<?x13x1xf32> into tensor<?x13x5xf32>
  // CHECK:         %[[NB:.*]] = tensor.dim %[[B]], %{{.*}} : tensor<?x13x3xf32>
  // CHECK-NEXT:    %[[S1:.*]] = tensor.insert_slice %[[B]] into %[[S0]][0, 0, 1] [%[[NB]], 13, 3] [1, 1, 1] : tensor<?x13x3xf32> into tensor<?x13x5xf32>
  // CHECK:         %[[NA2:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x13x1xf32>
  // CHECK-NEXT:    %[[S2:.*]] = tensor.insert_slice %[[A]] into %[[S1]][0, 0, 4] [%[[NA2]], 13, 1] [1, 1, 1] : tensor<?x13x1xf32> into tensor<?x13x5xf32>
  // CHECK-NEXT:    return %[[S2]] : tensor<?x13x5xf32>
  dlc.func @concat(%a: tensor<?x13x1xf32>, %b: tensor<?x13x3xf32>) -> tensor<?x13x5xf32> {
    %y = dlc.concat %a, %b, %a axis 2 : (tensor<?x13x1xf32>, tensor<?x13x3xf32>, tensor<?x13x1xf32>) -> tensor<?x13x5xf32>
    dlc.return %y : tensor<?x13x5xf32>
  }
}
