// Every loss with every option (reduction(sum), scale(...), from_logits),
// on ranks 1 to 3, returned from dlc.func entry points as tensor<f32>.
// The inputs are uniform on [-1, 1), so losses that take probabilities get
// them from sigmoid or softmax inside the entry point, and binary
// cross-entropy gets its targets through a sigmoid too. Sparse labels are
// drawn in [0, C) with C the last axis of the entry's last float argument,
// which is the prediction's class axis.
dlc.model @loss {
  dlc.param @w : tensor<6x6xf32> = #dlc.glorot_uniform
  dlc.param @b : tensor<6xf32> = #dlc.zeros

  dlc.func @mean_squared_error(%p: tensor<?x7xf32>, %t: tensor<?x7xf32>,
                               %p3: tensor<?x5x3xf32>, %t3: tensor<?x5x3xf32>,
                               %u: tensor<?xf32>, %v: tensor<?xf32>)
      -> (tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>,
          tensor<f32>) {
    %mean = dlc.mean_squared_error %p, %t
        : (tensor<?x7xf32>, tensor<?x7xf32>) -> tensor<f32>
    %sum = dlc.mean_squared_error %p, %t reduction(sum)
        : (tensor<?x7xf32>, tensor<?x7xf32>) -> tensor<f32>
    %half_sum = dlc.mean_squared_error %p, %t reduction(sum) scale(0.5)
        : (tensor<?x7xf32>, tensor<?x7xf32>) -> tensor<f32>
    %rank3 = dlc.mean_squared_error %p3, %t3 scale(2.5)
        : (tensor<?x5x3xf32>, tensor<?x5x3xf32>) -> tensor<f32>
    %rank1 = dlc.mean_squared_error %u, %v reduction(mean)
        : (tensor<?xf32>, tensor<?xf32>) -> tensor<f32>
    %rank1_sum = dlc.mean_squared_error %u, %v reduction(sum) scale(3.0)
        : (tensor<?xf32>, tensor<?xf32>) -> tensor<f32>
    dlc.return %mean, %sum, %half_sum, %rank3, %rank1, %rank1_sum
        : tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>,
          tensor<f32>
  }

  dlc.func @binary_crossentropy(%p: tensor<?x7xf32>, %t: tensor<?x7xf32>,
                                %p3: tensor<?x5x3xf32>,
                                %t3: tensor<?x5x3xf32>, %u: tensor<?xf32>,
                                %v: tensor<?xf32>)
      -> (tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>,
          tensor<f32>, tensor<f32>) {
    %probs = dlc.activation sigmoid %p : tensor<?x7xf32>
    %targets = dlc.activation sigmoid %t : tensor<?x7xf32>
    %plain = dlc.binary_crossentropy %probs, %targets
        : (tensor<?x7xf32>, tensor<?x7xf32>) -> tensor<f32>
    %sum = dlc.binary_crossentropy %probs, %targets reduction(sum) scale(0.25)
        : (tensor<?x7xf32>, tensor<?x7xf32>) -> tensor<f32>
    %logits = dlc.binary_crossentropy %p, %targets from_logits
        : (tensor<?x7xf32>, tensor<?x7xf32>) -> tensor<f32>
    %logits_all = dlc.binary_crossentropy %p, %targets from_logits
        reduction(sum) scale(0.125)
        : (tensor<?x7xf32>, tensor<?x7xf32>) -> tensor<f32>
    %probs3 = dlc.activation sigmoid %p3 : tensor<?x5x3xf32>
    %targets3 = dlc.activation sigmoid %t3 : tensor<?x5x3xf32>
    %rank3 = dlc.binary_crossentropy %probs3, %targets3 scale(2.0)
        : (tensor<?x5x3xf32>, tensor<?x5x3xf32>) -> tensor<f32>
    %rank3_logits = dlc.binary_crossentropy %p3, %targets3 from_logits
        reduction(sum)
        : (tensor<?x5x3xf32>, tensor<?x5x3xf32>) -> tensor<f32>
    %probs1 = dlc.activation sigmoid %u : tensor<?xf32>
    %targets1 = dlc.activation sigmoid %v : tensor<?xf32>
    %rank1 = dlc.binary_crossentropy %probs1, %targets1
        : (tensor<?xf32>, tensor<?xf32>) -> tensor<f32>
    dlc.return %plain, %sum, %logits, %logits_all, %rank3, %rank3_logits,
        %rank1
        : tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>,
          tensor<f32>, tensor<f32>
  }

  dlc.func @categorical_crossentropy(%p: tensor<?x7xf32>, %t: tensor<?x7xf32>,
                                     %p3: tensor<?x5x4xf32>,
                                     %t3: tensor<?x5x4xf32>)
      -> (tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>,
          tensor<f32>) {
    %probs = dlc.activation softmax %p : tensor<?x7xf32>
    %targets = dlc.activation softmax %t : tensor<?x7xf32>
    %plain = dlc.categorical_crossentropy %probs, %targets
        : (tensor<?x7xf32>, tensor<?x7xf32>) -> tensor<f32>
    %sum = dlc.categorical_crossentropy %probs, %targets reduction(sum)
        : (tensor<?x7xf32>, tensor<?x7xf32>) -> tensor<f32>
    %logits = dlc.categorical_crossentropy %p, %targets from_logits scale(3.0)
        : (tensor<?x7xf32>, tensor<?x7xf32>) -> tensor<f32>
    %logits_sum = dlc.categorical_crossentropy %p, %targets from_logits
        reduction(sum) scale(0.5)
        : (tensor<?x7xf32>, tensor<?x7xf32>) -> tensor<f32>
    %probs3 = dlc.activation softmax %p3 : tensor<?x5x4xf32>
    %targets3 = dlc.activation softmax %t3 : tensor<?x5x4xf32>
    %rank3 = dlc.categorical_crossentropy %probs3, %targets3 reduction(sum)
        : (tensor<?x5x4xf32>, tensor<?x5x4xf32>) -> tensor<f32>
    %rank3_logits = dlc.categorical_crossentropy %p3, %targets3 from_logits
        : (tensor<?x5x4xf32>, tensor<?x5x4xf32>) -> tensor<f32>
    dlc.return %plain, %sum, %logits, %logits_sum, %rank3, %rank3_logits
        : tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>,
          tensor<f32>
  }

  dlc.func @sparse_categorical_crossentropy(%labels: tensor<?xi32>,
                                            %p: tensor<?x7xf32>)
      -> (tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) {
    %probs = dlc.activation softmax %p : tensor<?x7xf32>
    %plain = dlc.sparse_categorical_crossentropy %probs, %labels
        : (tensor<?x7xf32>, tensor<?xi32>) -> tensor<f32>
    %sum = dlc.sparse_categorical_crossentropy %probs, %labels reduction(sum)
        scale(1.5)
        : (tensor<?x7xf32>, tensor<?xi32>) -> tensor<f32>
    %logits = dlc.sparse_categorical_crossentropy %p, %labels from_logits
        : (tensor<?x7xf32>, tensor<?xi32>) -> tensor<f32>
    %logits_all = dlc.sparse_categorical_crossentropy %p, %labels from_logits
        reduction(sum) scale(0.25)
        : (tensor<?x7xf32>, tensor<?xi32>) -> tensor<f32>
    dlc.return %plain, %sum, %logits, %logits_all
        : tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>
  }

  // Labels per time step: [?, 5] i64 labels against [?, 5, 4] predictions.
  dlc.func @sparse_categorical_crossentropy_seq(%labels: tensor<?x5xi64>,
                                                %p: tensor<?x5x4xf32>)
      -> (tensor<f32>, tensor<f32>, tensor<f32>) {
    %probs = dlc.activation softmax %p : tensor<?x5x4xf32>
    %plain = dlc.sparse_categorical_crossentropy %probs, %labels
        : (tensor<?x5x4xf32>, tensor<?x5xi64>) -> tensor<f32>
    %logits = dlc.sparse_categorical_crossentropy %p, %labels from_logits
        : (tensor<?x5x4xf32>, tensor<?x5xi64>) -> tensor<f32>
    %logits_sum = dlc.sparse_categorical_crossentropy %p, %labels from_logits
        reduction(sum) scale(2.0)
        : (tensor<?x5x4xf32>, tensor<?x5xi64>) -> tensor<f32>
    dlc.return %plain, %logits, %logits_sum
        : tensor<f32>, tensor<f32>, tensor<f32>
  }

  // A single class: every label is 0 and the logits' log-softmax is 0.
  dlc.func @sparse_one_class(%labels: tensor<?xi32>, %p: tensor<?x1xf32>)
      -> (tensor<f32>, tensor<f32>) {
    %logits = dlc.sparse_categorical_crossentropy %p, %labels from_logits
        : (tensor<?x1xf32>, tensor<?xi32>) -> tensor<f32>
    %accuracy = dlc.sparse_categorical_accuracy %p, %labels
        : (tensor<?x1xf32>, tensor<?xi32>) -> tensor<f32>
    dlc.return %logits, %accuracy : tensor<f32>, tensor<f32>
  }

  // binary_accuracy against targets that are exactly 0 or 1 where it
  // matters: the first three come out of a softmax over one class (exactly
  // 1), the last three out of a relu (exactly 0 for negative inputs, a
  // value in (0, 1) that matches neither class otherwise).
  dlc.func @binary_accuracy(%p: tensor<?x6xf32>, %ones: tensor<?x3x1xf32>,
                            %z: tensor<?x3xf32>, %u: tensor<?xf32>,
                            %s3: tensor<?x5x3xf32>)
      -> (tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>,
          tensor<f32>, tensor<f32>) {
    %one = dlc.activation softmax %ones : tensor<?x3x1xf32>
    %one_flat = dlc.reshape %one : tensor<?x3x1xf32> -> tensor<?x3xf32>
    %zero = dlc.activation relu %z : tensor<?x3xf32>
    %targets = dlc.concat %one_flat, %zero axis 1
        : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x6xf32>
    %probs = dlc.activation sigmoid %p : tensor<?x6xf32>
    %default = dlc.binary_accuracy %probs, %targets
        : (tensor<?x6xf32>, tensor<?x6xf32>) -> tensor<f32>
    %low = dlc.binary_accuracy %probs, %targets threshold(0.3)
        : (tensor<?x6xf32>, tensor<?x6xf32>) -> tensor<f32>
    %high = dlc.binary_accuracy %probs, %targets threshold(0.7)
        : (tensor<?x6xf32>, tensor<?x6xf32>) -> tensor<f32>
    %logits = dlc.binary_accuracy %p, %targets threshold(0.0)
        : (tensor<?x6xf32>, tensor<?x6xf32>) -> tensor<f32>
    %bce = dlc.binary_crossentropy %p, %targets from_logits
        : (tensor<?x6xf32>, tensor<?x6xf32>) -> tensor<f32>
    // Rank 1: the relu of the input against its sigmoid.
    %zero1 = dlc.activation relu %u : tensor<?xf32>
    %probs1 = dlc.activation sigmoid %u : tensor<?xf32>
    %rank1 = dlc.binary_accuracy %probs1, %zero1 threshold(0.6)
        : (tensor<?xf32>, tensor<?xf32>) -> tensor<f32>
    // Rank 3: raw values against their relu.
    %zero3 = dlc.activation relu %s3 : tensor<?x5x3xf32>
    %rank3 = dlc.binary_accuracy %s3, %zero3 threshold(-0.25)
        : (tensor<?x5x3xf32>, tensor<?x5x3xf32>) -> tensor<f32>
    dlc.return %default, %low, %high, %logits, %bce, %rank1, %rank3
        : tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>,
          tensor<f32>, tensor<f32>
  }

  dlc.func @categorical_accuracy(%p: tensor<?x7xf32>, %t: tensor<?x7xf32>,
                                 %p3: tensor<?x5x4xf32>,
                                 %t3: tensor<?x5x4xf32>)
      -> (tensor<f32>, tensor<f32>, tensor<f32>) {
    %raw = dlc.categorical_accuracy %p, %t
        : (tensor<?x7xf32>, tensor<?x7xf32>) -> tensor<f32>
    %probs = dlc.activation softmax %p : tensor<?x7xf32>
    %soft = dlc.categorical_accuracy %probs, %t
        : (tensor<?x7xf32>, tensor<?x7xf32>) -> tensor<f32>
    %rank3 = dlc.categorical_accuracy %p3, %t3
        : (tensor<?x5x4xf32>, tensor<?x5x4xf32>) -> tensor<f32>
    dlc.return %raw, %soft, %rank3 : tensor<f32>, tensor<f32>, tensor<f32>
  }

  dlc.func @sparse_categorical_accuracy(%p: tensor<?x5xf32>,
                                        %labels: tensor<?xi64>)
      -> (tensor<f32>, tensor<f32>) {
    %raw = dlc.sparse_categorical_accuracy %p, %labels
        : (tensor<?x5xf32>, tensor<?xi64>) -> tensor<f32>
    %probs = dlc.activation softmax %p : tensor<?x5xf32>
    %soft = dlc.sparse_categorical_accuracy %probs, %labels
        : (tensor<?x5xf32>, tensor<?xi64>) -> tensor<f32>
    dlc.return %raw, %soft : tensor<f32>, tensor<f32>
  }

  dlc.func @sparse_categorical_accuracy_seq(%labels: tensor<?x5xi32>,
                                            %p: tensor<?x5x4xf32>)
      -> tensor<f32> {
    %acc = dlc.sparse_categorical_accuracy %p, %labels
        : (tensor<?x5x4xf32>, tensor<?x5xi32>) -> tensor<f32>
    dlc.return %acc : tensor<f32>
  }

  // A classifier head: dense softmax, then loss and accuracy together.
  dlc.func @classifier(%x: tensor<?x6xf32>, %labels: tensor<?xi32>)
      -> (tensor<?x6xf32>, tensor<f32>, tensor<f32>) {
    %w = dlc.read @w : tensor<6x6xf32>
    %b = dlc.read @b : tensor<6xf32>
    %probs = dlc.dense %x, %w, %b activation(softmax)
        : (tensor<?x6xf32>, tensor<6x6xf32>, tensor<6xf32>) -> tensor<?x6xf32>
    %loss = dlc.sparse_categorical_crossentropy %probs, %labels
        : (tensor<?x6xf32>, tensor<?xi32>) -> tensor<f32>
    %accuracy = dlc.sparse_categorical_accuracy %probs, %labels
        : (tensor<?x6xf32>, tensor<?xi32>) -> tensor<f32>
    dlc.return %probs, %loss, %accuracy : tensor<?x6xf32>, tensor<f32>, tensor<f32>
  }
}
