/* The compiled CNN from C, through the plain form the header declares: data
 * pointers, the batch size, the parameter block and a scratch arena (and
 * for a training step its state block); then once through the strided
 * form. With every parameter equal, every class gets the same probability. */
#include "mnist_cnn.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 2

static void fill(unsigned char *block, int64_t offset, int n, float value) {
  float *data = (float *)(block + offset);
  for (int i = 0; i < n; ++i)
    data[i] = value;
}

static int check(const float *probs, const char *form) {
  for (int i = 0; i < BATCH * 10; ++i) {
    if (fabsf(probs[i] - 0.1f) > 1e-6f) {
      printf("FAILED (%s form): probs[%d] = %f\n", form, i, probs[i]);
      return 0;
    }
  }
  return 1;
}

int main(void) {
  /* The parameter block, 64-byte aligned, each parameter at its offset. */
  unsigned char *params = aligned_alloc(64, DLC_MNIST_CNN_PARAM_BYTES);
  fill(params, DLC_MNIST_CNN_CONV1_KERNEL_OFFSET, 288, 0.01f);
  fill(params, DLC_MNIST_CNN_CONV1_BIAS_OFFSET, 32, 0.01f);
  fill(params, DLC_MNIST_CNN_CONV2_KERNEL_OFFSET, 18432, 0.01f);
  fill(params, DLC_MNIST_CNN_CONV2_BIAS_OFFSET, 64, 0.01f);
  fill(params, DLC_MNIST_CNN_DENSE1_KERNEL_OFFSET, 102400, 0.01f);
  fill(params, DLC_MNIST_CNN_DENSE1_BIAS_OFFSET, 64, 0.01f);
  fill(params, DLC_MNIST_CNN_DENSE2_KERNEL_OFFSET, 640, 0.01f);
  fill(params, DLC_MNIST_CNN_DENSE2_BIAS_OFFSET, 10, 0.01f);
  float images[BATCH * 28 * 28];
  for (int i = 0; i < BATCH * 784; ++i)
    images[i] = 0.5f;
  float probs[BATCH * 10];
  void *scratch = aligned_alloc(64, DLC_MNIST_CNN_TRAIN_STEP_SCRATCH_BYTES(BATCH));

  dlc_mnist_cnn_predict(images, BATCH, params, probs, scratch);
  if (!check(probs, "plain"))
    return 1;

  /* The strided form: one descriptor per argument. */
  float *p = (float *)params;
  dlc_memref_f32_4d x = {images, images, 0, {BATCH, 28, 28, 1}, {784, 28, 1, 1}};
  dlc_memref_f32_4d k1 = {p, p, DLC_MNIST_CNN_CONV1_KERNEL_OFFSET / 4, {3, 3, 1, 32}, {96, 32, 32, 1}};
  dlc_memref_f32_1d b1 = {p, p, DLC_MNIST_CNN_CONV1_BIAS_OFFSET / 4, {32}, {1}};
  dlc_memref_f32_4d k2 = {p, p, DLC_MNIST_CNN_CONV2_KERNEL_OFFSET / 4, {3, 3, 32, 64}, {6144, 2048, 64, 1}};
  dlc_memref_f32_1d b2 = {p, p, DLC_MNIST_CNN_CONV2_BIAS_OFFSET / 4, {64}, {1}};
  dlc_memref_f32_2d w3 = {p, p, DLC_MNIST_CNN_DENSE1_KERNEL_OFFSET / 4, {1600, 64}, {64, 1}};
  dlc_memref_f32_1d b3 = {p, p, DLC_MNIST_CNN_DENSE1_BIAS_OFFSET / 4, {64}, {1}};
  dlc_memref_f32_2d w4 = {p, p, DLC_MNIST_CNN_DENSE2_KERNEL_OFFSET / 4, {64, 10}, {10, 1}};
  dlc_memref_f32_1d b4 = {p, p, DLC_MNIST_CNN_DENSE2_BIAS_OFFSET / 4, {10}, {1}};
  memset(probs, 0, sizeof probs);
  dlc_memref_f32_2d y = {probs, probs, 0, {BATCH, 10}, {10, 1}};
  dlc_memref_i8_1d arena = {scratch, scratch, 0, {DLC_MNIST_CNN_PREDICT_SCRATCH_BYTES(BATCH)}, {1}};
  dlc_mnist_cnn_predict_strided(&x, &k1, &b1, &k2, &b2, &w3, &b3, &w4, &b4, &y, &arena);
  if (!check(probs, "strided"))
    return 1;

  /* One training step from C: the state block starts zeroed; the step count
   * is its last field. */
  void *state = calloc(1, DLC_MNIST_CNN_TRAIN_STEP_STATE_BYTES);
  int32_t labels[BATCH] = {3, 7};
  float loss = 0, accuracy = 0;
  dlc_mnist_cnn_train_step(images, labels, BATCH, params, state, &loss, &accuracy, scratch);
  /* Equal probabilities: the loss is log(10). */
  if (fabsf(loss - logf(10.0f)) > 1e-4f) {
    printf("FAILED: loss %f, expected log(10)\n", loss);
    return 1;
  }
  printf("OK\n");
  free(state);
  free(scratch);
  free(params);
  return 0;
}
