// RUN: dlc-opt %s --dlc-cpu-lower-vectors | FileCheck %s
// RUN: dlc-opt %s --dlc-cpu-lower-vectors | FileCheck %s --check-prefix=LOWERED

// After bufferization: n-D vector code on buffers becomes 1-D loads, stores
// and FMAs. Contractions lower to outer products, then one vector.fma per
// row of the accumulator; 2-D transfers unroll to one 1-D load or store per
// row (masked ones to maskedload/maskedstore with a per-row mask);
// multi-reductions become elementwise ops across 1-D vectors.

// LOWERED-NOT: vector.contract
// LOWERED-NOT: vector.outerproduct
// LOWERED-NOT: vector.transfer_read
// LOWERED-NOT: vector.transfer_write
// LOWERED-NOT: vector.multi_reduction
// LOWERED-NOT: {{vector\.mask }}

// An 8x32 accumulator carried through a reduction loop: one 32-wide load of
// the kernel row per step, eight broadcast scalars of the input column and
// eight FMAs. The accumulator is loaded before the loop and stored after it,
// row by row.
// CHECK-LABEL: func.func @contract(
// CHECK-SAME:      %[[A:[^:]*]]: memref<8x512xf32>, %[[B:[^:]*]]: memref<512x32xf32>, %[[C:[^:]*]]: memref<8x32xf32>)
// CHECK-COUNT-8: vector.load %[[C]][%{{.*}}, %{{.*}}] : memref<8x32xf32>, vector<32xf32>
// CHECK:         %[[SUM:.*]] = scf.for %[[K:[^ ]*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:[^ ]*]] = %{{.*}}) -> (vector<8x32xf32>) {
// CHECK-COUNT-8:   vector.load %[[A]][%{{.*}}, %[[K]]] : memref<8x512xf32>, vector<1xf32>
// CHECK:           %[[ROW:.*]] = vector.load %[[B]][%[[K]], %{{.*}}] : memref<512x32xf32>, vector<32xf32>
// CHECK:           %[[X0:.*]] = vector.extract %{{.*}}[0] : f32 from vector<1xf32>
// CHECK-NEXT:      %[[B0:.*]] = vector.broadcast %[[X0]] : f32 to vector<32xf32>
// CHECK-NEXT:      %[[A0:.*]] = vector.extract %[[ACC]][0] : vector<32xf32> from vector<8x32xf32>
// CHECK-NEXT:      vector.fma %[[B0]], %[[ROW]], %[[A0]] : vector<32xf32>
// CHECK-COUNT-7:   vector.fma %{{.*}}, %[[ROW]], %{{.*}} : vector<32xf32>
// CHECK:           scf.yield %{{.*}} : vector<8x32xf32>
// CHECK-NEXT:    }
// CHECK-COUNT-8: vector.store %{{.*}}, %[[C]][%{{.*}}, %{{.*}}] : memref<8x32xf32>, vector<32xf32>
// CHECK-NEXT:    return

// Row sums of a 4x16 tile: four row loads, a transpose to 16x4 (one
// shuffle), then 16 vector<4xf32> additions.
// CHECK-LABEL: func.func @row_sums(
// CHECK-SAME:      %[[M:[^:]*]]: memref<4x16xf32>, %[[OUT:[^:]*]]: memref<4xf32>)
// CHECK-COUNT-4: vector.load %[[M]][%{{.*}}, %{{.*}}] : memref<4x16xf32>, vector<16xf32>
// CHECK:         vector.shuffle {{.*}} : vector<64xf32>, vector<64xf32>
// CHECK-COUNT-16: arith.addf %{{.*}}, %{{.*}} : vector<4xf32>
// CHECK-NEXT:    vector.store %{{.*}}, %[[OUT]][%{{.*}}] : memref<4xf32>, vector<4xf32>

// The sum of one row (a loss over a sample, a partial tile of it masked):
// the masked-off lanes zeroed, then one vector.reduction (a tree of adds in
// LLVM), not one scalar add per element.
// CHECK-LABEL: func.func @row_sum(
// CHECK-SAME:      %[[R:[^:]*]]: memref<1x64xf32>, %[[N:[^:]*]]: index, %[[ACC:[^:]*]]: f32)
// CHECK:         vector.create_mask %[[N]] : vector<64xi1>
// CHECK:         %[[KEPT:.*]] = arith.select %{{.*}}, %{{.*}}, %{{.*}} : vector<1x64xi1>, vector<1x64xf32>
// CHECK-NEXT:    %[[ROW:.*]] = vector.extract %[[KEPT]][0] : vector<64xf32> from vector<1x64xf32>
// CHECK-NEXT:    %[[SUM:.*]] = vector.reduction <add>, %[[ROW]], %[[ACC]] : vector<64xf32> into f32
// CHECK-NEXT:    return %[[SUM]] : f32

// A 4x64 masked transfer: row r is enabled when r < %rows.
// CHECK-LABEL: func.func @masked_copy(
// CHECK-SAME:      %[[SRC:[^:]*]]: memref<?x64xf32>, %[[DST:[^:]*]]: memref<?x64xf32>, %[[ROWS:[^:]*]]: index)
// CHECK:         %[[ALL:.*]] = vector.create_mask %{{.*}} : vector<64xi1>
// CHECK:         %[[GT0:.*]] = arith.cmpi sgt, %[[ROWS]], %{{.*}} : index
// CHECK-NEXT:    %[[M0:.*]] = arith.select %[[GT0]], %[[ALL]], %{{.*}} : vector<64xi1>
// CHECK-COUNT-3: arith.select
// CHECK:         %[[V0:.*]] = vector.maskedload %[[SRC]][%{{.*}}, %{{.*}}], %[[M0]], %{{.*}} : memref<?x64xf32>, vector<64xi1>, vector<64xf32> into vector<64xf32>
// CHECK-COUNT-3: vector.maskedload %[[SRC]]
// CHECK-NEXT:    vector.maskedstore %[[DST]][%{{.*}}, %{{.*}}], %[[M0]], %[[V0]] : memref<?x64xf32>, vector<64xi1>, vector<64xf32>
// CHECK-COUNT-3: vector.maskedstore %[[DST]]
// CHECK-NEXT:    return


// vector.mask: masked transfers become maskedload/maskedstore per row; a
// masked contraction computes every row's FMA and keeps the old accumulator
// row where the mask is off.
// CHECK-LABEL: func.func @masked_contract(
// CHECK-SAME:      %[[A:[^:]*]]: memref<?x1xf32>, %[[B:[^:]*]]: memref<1x32xf32>, %[[C:[^:]*]]: memref<?x32xf32>, %[[ROWS:[^:]*]]: index)
// CHECK-COUNT-4: vector.maskedload %[[A]]{{.*}} : memref<?x1xf32>, vector<1xi1>, vector<1xf32> into vector<1xf32>
// CHECK:         %[[ROW:.*]] = vector.load %[[B]][%{{.*}}, %{{.*}}] : memref<1x32xf32>, vector<32xf32>
// CHECK:         %[[ACC0:.*]] = vector.maskedload %[[C]]{{.*}} : memref<?x32xf32>, vector<32xi1>, vector<32xf32> into vector<32xf32>
// CHECK-COUNT-3: vector.maskedload %[[C]]
// CHECK:         %[[FMA:.*]] = vector.fma %{{.*}}, %[[ROW]], %[[ACC0]] : vector<32xf32>
// CHECK-NEXT:    %[[KEEP:.*]] = arith.select %{{.*}}, %[[FMA]], %[[ACC0]] : vector<32xi1>, vector<32xf32>
// CHECK-COUNT-3: vector.fma
// CHECK:         vector.maskedstore %[[C]][%{{.*}}, %{{.*}}], %{{.*}}, %[[KEEP]] : memref<?x32xf32>, vector<32xi1>, vector<32xf32>
// CHECK-COUNT-3: vector.maskedstore %[[C]]
// CHECK-NEXT:    return

#lhs = affine_map<(d0, d1, d2) -> (d0, d2)>
#rhs = affine_map<(d0, d1, d2) -> (d2, d1)>
#acc = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @contract(%a: memref<8x512xf32>, %b: memref<512x32xf32>, %c: memref<8x32xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c512 = arith.constant 512 : index
  %pad = arith.constant 0.0 : f32
  %init = vector.transfer_read %c[%c0, %c0], %pad {in_bounds = [true, true]} : memref<8x32xf32>, vector<8x32xf32>
  %sum = scf.for %k = %c0 to %c512 step %c1 iter_args(%acc = %init) -> (vector<8x32xf32>) {
    %x = vector.transfer_read %a[%c0, %k], %pad {in_bounds = [true, true]} : memref<8x512xf32>, vector<8x1xf32>
    %y = vector.transfer_read %b[%k, %c0], %pad {in_bounds = [true, true]} : memref<512x32xf32>, vector<1x32xf32>
    %r = vector.contract {indexing_maps = [#lhs, #rhs, #acc], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %x, %y, %acc : vector<8x1xf32>, vector<1x32xf32> into vector<8x32xf32>
    scf.yield %r : vector<8x32xf32>
  }
  vector.transfer_write %sum, %c[%c0, %c0] {in_bounds = [true, true]} : vector<8x32xf32>, memref<8x32xf32>
  return
}
func.func @row_sums(%m: memref<4x16xf32>, %out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0.0 : f32
  %zero = arith.constant dense<0.0> : vector<4xf32>
  %v = vector.transfer_read %m[%c0, %c0], %pad {in_bounds = [true, true]} : memref<4x16xf32>, vector<4x16xf32>
  %s = vector.multi_reduction <add>, %v, %zero [1] : vector<4x16xf32> to vector<4xf32>
  vector.transfer_write %s, %out[%c0] {in_bounds = [true]} : vector<4xf32>, memref<4xf32>
  return
}
func.func @row_sum(%r: memref<1x64xf32>, %n: index, %acc: f32) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %pad = arith.constant 0.0 : f32
  %mask = vector.create_mask %c1, %n : vector<1x64xi1>
  %v = vector.transfer_read %r[%c0, %c0], %pad {in_bounds = [true, true]} : memref<1x64xf32>, vector<1x64xf32>
  %s = vector.mask %mask { vector.multi_reduction <add>, %v, %acc [0, 1] : vector<1x64xf32> to f32 } : vector<1x64xi1> -> f32
  return %s : f32
}
func.func @masked_copy(%src: memref<?x64xf32>, %dst: memref<?x64xf32>, %rows: index) {
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  %pad = arith.constant 0.0 : f32
  %mask = vector.create_mask %rows, %c64 : vector<4x64xi1>
  %v = vector.transfer_read %src[%c0, %c0], %pad, %mask {in_bounds = [true, true]} : memref<?x64xf32>, vector<4x64xf32>
  vector.transfer_write %v, %dst[%c0, %c0], %mask {in_bounds = [true, true]} : vector<4x64xf32>, memref<?x64xf32>
  return
}

func.func @masked_contract(%a: memref<?x1xf32>, %b: memref<1x32xf32>, %c: memref<?x32xf32>, %rows: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  %pad = arith.constant 0.0 : f32
  %m3 = vector.create_mask %rows, %c32, %c1 : vector<4x32x1xi1>
  %m2 = vector.create_mask %rows, %c32 : vector<4x32xi1>
  %ma = vector.create_mask %rows, %c1 : vector<4x1xi1>
  %x = vector.mask %ma { vector.transfer_read %a[%c0, %c0], %pad {in_bounds = [true, true]} : memref<?x1xf32>, vector<4x1xf32> } : vector<4x1xi1> -> vector<4x1xf32>
  %y = vector.transfer_read %b[%c0, %c0], %pad {in_bounds = [true, true]} : memref<1x32xf32>, vector<1x32xf32>
  %z = vector.mask %m2 { vector.transfer_read %c[%c0, %c0], %pad {in_bounds = [true, true]} : memref<?x32xf32>, vector<4x32xf32> } : vector<4x32xi1> -> vector<4x32xf32>
  %r = vector.mask %m3 { vector.contract {indexing_maps = [#lhs, #rhs, #acc], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %x, %y, %z : vector<4x1xf32>, vector<1x32xf32> into vector<4x32xf32> } : vector<4x32x1xi1> -> vector<4x32xf32>
  vector.mask %m2 { vector.transfer_write %r, %c[%c0, %c0] {in_bounds = [true, true]} : vector<4x32xf32>, memref<?x32xf32> } : vector<4x32xi1>
  return
}
