;; The engine's kernels, hand-written WebAssembly: the iaf_psc_exp update with the Poisson
;; background (engine/models/iaf-psc-exp.ts update, engine/sim/poisson.ts drawPoisson), the delay
;; queue's append and drain (engine/sim/deliver.ts appendRows, engine/sim/queue.ts drain) and
;; synapse construction (engine/network/generate.ts, rows.ts). engine/sim/kernels-wasm.ts and
;; engine/wasm/generate.ts call them. Assembled by engine/wasm/build.ts (wabt) into kernels.wasm and
;; kernels-wasm.ts; a test checks that assembling this file reproduces both.
;;
;; Every kernel is bit-identical to the JavaScript one: the same sfc32 sequence (32-bit integer
;; arithmetic), the same table inversion, and the same IEEE double operations in the same order
;; (WebAssembly has no fused multiply-add: f64.mul then f64.add rounds twice, exactly as JavaScript
;; does; f64x2 lanes are the same IEEE operations, lane by lane). Only NaN payloads could differ,
;; and no NaN ever arises from finite state.
;;
;; Memory is imported: one WebAssembly.Memory per partition (engine/wasm/arena.ts), holding every
;; shard's state V_m (f64, here V), i_syn (f64, I), r_ref (i32, R), Poisson counts (u8), input (i32
;; weight levels of this step), Poisson table (cdf f64, guide i32[1024]), sfc32 state (4 x i32) and
;; synapse rows (engine/network/rows.ts), the spike output, and the partition's delay queue; or the
;; construction scratch (engine/wasm/generate.ts). All pointers are byte offsets into it.
;;
;; The guide table differs from PoissonTable.guide in one way: an entry is k + 0x10000 where its
;; bucket of words (2^22 wide) holds a cdf boundary, and plain k where it does not. In the second,
;; common case every word of the bucket maps to k, so the comparison with cdf[k] is skipped; the
;; counts are exactly those of JavaScript's `while (u >= cdf[k]) k++` (engine/wasm/poisson.ts).
;;
;; Exports (n = neurons of the shard, input = the shard's input: summed integer weight levels, i32,
;; worth inScale pA each; the f64 constants are iaf_psc_exp's StepConstants: ie = ieTerm, vTh =
;; Theta, vReset = V_reset, refSteps = RefractoryCounts):
;;   poisson(pc, n, cdf, guide, st)                 one Poisson count per neuron into pc[0..n)
;;   update(V, I, R, pc, input, n, P22, P21, ie, P11, wExt, inScale, vTh, vReset, refSteps, out, start) -> spikes
;;   update_simd(same)                              the same, two neurons per f64x2
;;   step(same, cdf, guide, st) -> spikes           Poisson draw fused into the scalar update
;;   step_simd(same, cdf, guide, st) -> spikes      four draws, then two f64x2 updates
;;   append(...), drain(q, slot)                     the delay queue (below)
;; update* read this step's counts from pc; step* draw them in registers (pc is not written).
;; Spikes are written as global indices start + n to out[0..spikes), in neuron order.
;; A spike mask lane of f64x2.ge is all ones or all zeros, so its i32 lanes 0 and 2 tell lanes 0
;; and 1 of the pair; i8x16.shuffle narrows it to the two i32 refractory counters.
(module
  (import "env" "memory" (memory 1 65536))
  ;; The ziggurat's slow path (engine/rng/rng.ts zigSlow) for the generator below: the sfc32 state
  ;; at the first argument is read and written back by JavaScript; returns the deviate or NaN.
  (import "env" "zig_slow" (func $zig_slow (param i32 i32 i32) (result f64)))

  ;; ---------------------------------------------------------------------------------------------
  ;; Poisson counts: sfc32 word t (JavaScript's Rng.nextU32, with rotl for (c << 21) | (c >>> 11)),
  ;; k = guide[t >>> 22], then, in a flagged bucket, k++ while t >= cdf[k].
  (func $poisson (export "poisson")
    (param $pc i32) (param $n i32) (param $cdf i32) (param $guide i32) (param $st i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $t i32) (local $k i32)
    (local $u f64) (local $end i32)
    (if (i32.eqz (local.get $n)) (then (return)))
    (local.set $a (i32.load (local.get $st)))
    (local.set $b (i32.load offset=4 (local.get $st)))
    (local.set $c (i32.load offset=8 (local.get $st)))
    (local.set $d (i32.load offset=12 (local.get $st)))
    (local.set $end (i32.add (local.get $pc) (local.get $n)))
    (loop $draw
      (local.set $t (i32.add (i32.add (local.get $a) (local.get $b)) (local.get $d)))
      (local.set $d (i32.add (local.get $d) (i32.const 1)))
      (local.set $a (i32.xor (local.get $b) (i32.shr_u (local.get $b) (i32.const 9))))
      (local.set $b (i32.add (local.get $c) (i32.shl (local.get $c) (i32.const 3))))
      (local.set $c (i32.add (i32.rotl (local.get $c) (i32.const 21)) (local.get $t)))
      (local.set $k (i32.load (i32.add (local.get $guide)
        (i32.shl (i32.shr_u (local.get $t) (i32.const 22)) (i32.const 2)))))
      (if (i32.ge_u (local.get $k) (i32.const 0x10000))
        (then
          (local.set $k (i32.and (local.get $k) (i32.const 0xffff)))
          (local.set $u (f64.convert_i32_u (local.get $t)))
          (block $found
            (loop $search
              (br_if $found (f64.lt (local.get $u)
                (f64.load (i32.add (local.get $cdf) (i32.shl (local.get $k) (i32.const 3))))))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br $search)))))
      (i32.store8 (local.get $pc) (local.get $k))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br_if $draw (i32.lt_u (local.get $pc) (local.get $end))))
    (i32.store (local.get $st) (local.get $a))
    (i32.store offset=4 (local.get $st) (local.get $b))
    (i32.store offset=8 (local.get $st) (local.get $c))
    (i32.store offset=12 (local.get $st) (local.get $d)))

  ;; ---------------------------------------------------------------------------------------------
  ;; Scalar update, neuron by neuron, as in JavaScript (engine/models/iaf-psc-exp.ts update):
  ;;   if r == 0: V = P22*V + P21*I + ie  else r = r - 1
  ;;   I = P11*I + input*inScale + pc*wExt; input = 0   (input: the summed weight levels, i32)
  ;;   if V >= vTh: r = refSteps, V = vReset, out[spikes++] = start + n
  (func $update (export "update")
    (param $V i32) (param $I i32) (param $R i32) (param $pc i32) (param $input i32) (param $n i32)
    (param $P22 f64) (param $P21 f64) (param $ie f64) (param $P11 f64) (param $wExt f64) (param $inScale f64)
    (param $vTh f64) (param $vReset f64) (param $refSteps i32) (param $out i32) (param $start i32)
    (result i32)
    (local $i i32) (local $o8 i32) (local $o4 i32) (local $r i32) (local $v f64) (local $x f64)
    (local $spikes i32)
    (if (i32.eqz (local.get $n)) (then (return (i32.const 0))))
    (loop $neuron
      (local.set $o8 (i32.shl (local.get $i) (i32.const 3)))
      (local.set $o4 (i32.shl (local.get $i) (i32.const 2)))
      (local.set $v (f64.load (i32.add (local.get $V) (local.get $o8))))
      (local.set $x (f64.load (i32.add (local.get $I) (local.get $o8))))
      (local.set $r (i32.load (i32.add (local.get $R) (local.get $o4))))
      (if (i32.eqz (local.get $r))
        (then
          (local.set $v (f64.add
            (f64.add (f64.mul (local.get $P22) (local.get $v)) (f64.mul (local.get $P21) (local.get $x)))
            (local.get $ie))))
        (else
          (i32.store (i32.add (local.get $R) (local.get $o4)) (i32.sub (local.get $r) (i32.const 1)))))
      (f64.store (i32.add (local.get $I) (local.get $o8))
        (f64.add
          (f64.add
            (f64.mul (local.get $P11) (local.get $x))
            (f64.mul (f64.convert_i32_s (i32.load (i32.add (local.get $input) (local.get $o4)))) (local.get $inScale)))
          (f64.mul
            (f64.convert_i32_u (i32.load8_u (i32.add (local.get $pc) (local.get $i))))
            (local.get $wExt))))
      (i32.store (i32.add (local.get $input) (local.get $o4)) (i32.const 0))
      (if (f64.ge (local.get $v) (local.get $vTh))
        (then
          (i32.store (i32.add (local.get $R) (local.get $o4)) (local.get $refSteps))
          (local.set $v (local.get $vReset))
          (i32.store (i32.add (local.get $out) (i32.shl (local.get $spikes) (i32.const 2)))
            (i32.add (local.get $start) (local.get $i)))
          (local.set $spikes (i32.add (local.get $spikes) (i32.const 1)))))
      (f64.store (i32.add (local.get $V) (local.get $o8)) (local.get $v))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $neuron (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $spikes))

  ;; ---------------------------------------------------------------------------------------------
  ;; SIMD update: two neurons per iteration. The integration is computed for both lanes and kept
  ;; where r == 0 (bitselect), r becomes r + (r != 0 ? -1 : 0); the threshold test resets the
  ;; lanes that crossed. An odd last neuron goes through the scalar update.
  (func $update_simd (export "update_simd")
    (param $V i32) (param $I i32) (param $R i32) (param $pc i32) (param $input i32) (param $n i32)
    (param $P22 f64) (param $P21 f64) (param $ie f64) (param $P11 f64) (param $wExt f64) (param $inScale f64)
    (param $vTh f64) (param $vReset f64) (param $refSteps i32) (param $out i32) (param $start i32)
    (result i32)
    (local $i i32) (local $pairs i32) (local $o8 i32) (local $o4 i32) (local $spikes i32)
    (local $v v128) (local $x v128) (local $r v128) (local $s v128)
    (local $p22 v128) (local $p21 v128) (local $iev v128) (local $p11 v128) (local $w v128)
    (local $th v128) (local $reset v128) (local $ref v128)
    (local.set $p22 (f64x2.splat (local.get $P22)))
    (local.set $p21 (f64x2.splat (local.get $P21)))
    (local.set $iev (f64x2.splat (local.get $ie)))
    (local.set $p11 (f64x2.splat (local.get $P11)))
    (local.set $w (f64x2.splat (local.get $wExt)))
    (local.set $th (f64x2.splat (local.get $vTh)))
    (local.set $reset (f64x2.splat (local.get $vReset)))
    (local.set $ref (i32x4.splat (local.get $refSteps)))
    (local.set $pairs (i32.and (local.get $n) (i32.const -2)))
    (if (local.get $pairs)
      (then
        (loop $pair
          (local.set $o8 (i32.shl (local.get $i) (i32.const 3)))
          (local.set $o4 (i32.shl (local.get $i) (i32.const 2)))
          (local.set $v (v128.load (i32.add (local.get $V) (local.get $o8))))
          (local.set $x (v128.load (i32.add (local.get $I) (local.get $o8))))
          (local.set $r (v128.load64_zero (i32.add (local.get $R) (local.get $o4))))
          (local.set $v (v128.bitselect
            (f64x2.add
              (f64x2.add (f64x2.mul (local.get $p22) (local.get $v)) (f64x2.mul (local.get $p21) (local.get $x)))
              (local.get $iev))
            (local.get $v)
            (i64x2.extend_low_i32x4_s (i32x4.eq (local.get $r) (v128.const i64x2 0 0)))))
          (local.set $r (i32x4.add (local.get $r) (i32x4.ne (local.get $r) (v128.const i64x2 0 0))))
          (v128.store (i32.add (local.get $I) (local.get $o8))
            (f64x2.add
              (f64x2.add
                (f64x2.mul (local.get $p11) (local.get $x))
                (f64x2.mul (f64x2.convert_low_i32x4_s (v128.load64_zero (i32.add (local.get $input) (local.get $o4)))) (f64x2.splat (local.get $inScale))))
              (f64x2.mul
                (f64x2.convert_low_i32x4_u (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u
                  (v128.load16_splat (i32.add (local.get $pc) (local.get $i))))))
                (local.get $w))))
          (i64.store (i32.add (local.get $input) (local.get $o4)) (i64.const 0))
          (local.set $s (f64x2.ge (local.get $v) (local.get $th)))
          (if (v128.any_true (local.get $s))
            (then
              (local.set $v (v128.bitselect (local.get $reset) (local.get $v) (local.get $s)))
              (local.set $r (v128.bitselect (local.get $ref) (local.get $r)
                (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11 (local.get $s) (local.get $s))))
              (if (i32x4.extract_lane 0 (local.get $s))
                (then
                  (i32.store (i32.add (local.get $out) (i32.shl (local.get $spikes) (i32.const 2)))
                    (i32.add (local.get $start) (local.get $i)))
                  (local.set $spikes (i32.add (local.get $spikes) (i32.const 1)))))
              (if (i32x4.extract_lane 2 (local.get $s))
                (then
                  (i32.store (i32.add (local.get $out) (i32.shl (local.get $spikes) (i32.const 2)))
                    (i32.add (i32.add (local.get $start) (local.get $i)) (i32.const 1)))
                  (local.set $spikes (i32.add (local.get $spikes) (i32.const 1)))))))
          (v128.store (i32.add (local.get $V) (local.get $o8)) (local.get $v))
          (v128.store64_lane 0 (i32.add (local.get $R) (local.get $o4)) (local.get $r))
          (local.set $i (i32.add (local.get $i) (i32.const 2)))
          (br_if $pair (i32.lt_u (local.get $i) (local.get $pairs))))))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $o8 (i32.shl (local.get $i) (i32.const 3)))
        (local.set $o4 (i32.shl (local.get $i) (i32.const 2)))
        (local.set $spikes (i32.add (local.get $spikes)
          (call $update
            (i32.add (local.get $V) (local.get $o8)) (i32.add (local.get $I) (local.get $o8))
            (i32.add (local.get $R) (local.get $o4)) (i32.add (local.get $pc) (local.get $i))
            (i32.add (local.get $input) (local.get $o4)) (i32.const 1)
            (local.get $P22) (local.get $P21) (local.get $ie) (local.get $P11) (local.get $wExt) (local.get $inScale)
            (local.get $vTh) (local.get $vReset) (local.get $refSteps)
            (i32.add (local.get $out) (i32.shl (local.get $spikes) (i32.const 2)))
            (i32.add (local.get $start) (local.get $i)))))))
    (local.get $spikes))

  ;; ---------------------------------------------------------------------------------------------
  ;; Scalar update with the Poisson draw fused in (the count stays in a register).
  (func $step (export "step")
    (param $V i32) (param $I i32) (param $R i32) (param $pc i32) (param $input i32) (param $n i32)
    (param $P22 f64) (param $P21 f64) (param $ie f64) (param $P11 f64) (param $wExt f64) (param $inScale f64)
    (param $vTh f64) (param $vReset f64) (param $refSteps i32) (param $out i32) (param $start i32)
    (param $cdf i32) (param $guide i32) (param $st i32)
    (result i32)
    (local $i i32) (local $o8 i32) (local $o4 i32) (local $r i32) (local $v f64) (local $x f64)
    (local $spikes i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $t i32) (local $k i32) (local $u f64)
    (if (i32.eqz (local.get $n)) (then (return (i32.const 0))))
    (local.set $a (i32.load (local.get $st)))
    (local.set $b (i32.load offset=4 (local.get $st)))
    (local.set $c (i32.load offset=8 (local.get $st)))
    (local.set $d (i32.load offset=12 (local.get $st)))
    (loop $neuron
      (local.set $t (i32.add (i32.add (local.get $a) (local.get $b)) (local.get $d)))
      (local.set $d (i32.add (local.get $d) (i32.const 1)))
      (local.set $a (i32.xor (local.get $b) (i32.shr_u (local.get $b) (i32.const 9))))
      (local.set $b (i32.add (local.get $c) (i32.shl (local.get $c) (i32.const 3))))
      (local.set $c (i32.add (i32.rotl (local.get $c) (i32.const 21)) (local.get $t)))
      (local.set $k (i32.load (i32.add (local.get $guide)
        (i32.shl (i32.shr_u (local.get $t) (i32.const 22)) (i32.const 2)))))
      (if (i32.ge_u (local.get $k) (i32.const 0x10000))
        (then
          (local.set $k (i32.and (local.get $k) (i32.const 0xffff)))
          (local.set $u (f64.convert_i32_u (local.get $t)))
          (block $found
            (loop $search
              (br_if $found (f64.lt (local.get $u)
                (f64.load (i32.add (local.get $cdf) (i32.shl (local.get $k) (i32.const 3))))))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br $search)))))
      (local.set $o8 (i32.shl (local.get $i) (i32.const 3)))
      (local.set $o4 (i32.shl (local.get $i) (i32.const 2)))
      (local.set $v (f64.load (i32.add (local.get $V) (local.get $o8))))
      (local.set $x (f64.load (i32.add (local.get $I) (local.get $o8))))
      (local.set $r (i32.load (i32.add (local.get $R) (local.get $o4))))
      (if (i32.eqz (local.get $r))
        (then
          (local.set $v (f64.add
            (f64.add (f64.mul (local.get $P22) (local.get $v)) (f64.mul (local.get $P21) (local.get $x)))
            (local.get $ie))))
        (else
          (i32.store (i32.add (local.get $R) (local.get $o4)) (i32.sub (local.get $r) (i32.const 1)))))
      ;; The count as the byte JavaScript stores (k & 255), then converted.
      (f64.store (i32.add (local.get $I) (local.get $o8))
        (f64.add
          (f64.add
            (f64.mul (local.get $P11) (local.get $x))
            (f64.mul (f64.convert_i32_s (i32.load (i32.add (local.get $input) (local.get $o4)))) (local.get $inScale)))
          (f64.mul
            (f64.convert_i32_u (i32.and (local.get $k) (i32.const 255)))
            (local.get $wExt))))
      (i32.store (i32.add (local.get $input) (local.get $o4)) (i32.const 0))
      (if (f64.ge (local.get $v) (local.get $vTh))
        (then
          (i32.store (i32.add (local.get $R) (local.get $o4)) (local.get $refSteps))
          (local.set $v (local.get $vReset))
          (i32.store (i32.add (local.get $out) (i32.shl (local.get $spikes) (i32.const 2)))
            (i32.add (local.get $start) (local.get $i)))
          (local.set $spikes (i32.add (local.get $spikes) (i32.const 1)))))
      (f64.store (i32.add (local.get $V) (local.get $o8)) (local.get $v))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $neuron (i32.lt_u (local.get $i) (local.get $n))))
    (i32.store (local.get $st) (local.get $a))
    (i32.store offset=4 (local.get $st) (local.get $b))
    (i32.store offset=8 (local.get $st) (local.get $c))
    (i32.store offset=12 (local.get $st) (local.get $d))
    (local.get $spikes))

  ;; ---------------------------------------------------------------------------------------------
  ;; SIMD update with the Poisson draws fused in, four neurons per iteration: four scalar draws (the
  ;; stream in neuron order), then two f64x2 updates, each pair's counts put in the two f64 lanes.
  ;; The last n mod 4 neurons go through the scalar step.
  (func $step_simd (export "step_simd")
    (param $V i32) (param $I i32) (param $R i32) (param $pc i32) (param $input i32) (param $n i32)
    (param $P22 f64) (param $P21 f64) (param $ie f64) (param $P11 f64) (param $wExt f64) (param $inScale f64)
    (param $vTh f64) (param $vReset f64) (param $refSteps i32) (param $out i32) (param $start i32)
    (param $cdf i32) (param $guide i32) (param $st i32)
    (result i32)
    (local $i i32) (local $quads i32) (local $o8 i32) (local $o4 i32) (local $spikes i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $t i32) (local $u f64)
    (local $k0 i32) (local $k1 i32) (local $k2 i32) (local $k3 i32)
    (local $v v128) (local $x v128) (local $r v128) (local $s v128)
    (local $p22 v128) (local $p21 v128) (local $iev v128) (local $p11 v128) (local $w v128)
    (local $th v128) (local $reset v128) (local $ref v128)
    (local.set $p22 (f64x2.splat (local.get $P22)))
    (local.set $p21 (f64x2.splat (local.get $P21)))
    (local.set $iev (f64x2.splat (local.get $ie)))
    (local.set $p11 (f64x2.splat (local.get $P11)))
    (local.set $w (f64x2.splat (local.get $wExt)))
    (local.set $th (f64x2.splat (local.get $vTh)))
    (local.set $reset (f64x2.splat (local.get $vReset)))
    (local.set $ref (i32x4.splat (local.get $refSteps)))
    (local.set $quads (i32.and (local.get $n) (i32.const -4)))
    (if (local.get $quads)
      (then
        (local.set $a (i32.load (local.get $st)))
        (local.set $b (i32.load offset=4 (local.get $st)))
        (local.set $c (i32.load offset=8 (local.get $st)))
        (local.set $d (i32.load offset=12 (local.get $st)))
        (loop $quad
          (local.set $t (i32.add (i32.add (local.get $a) (local.get $b)) (local.get $d)))
          (local.set $d (i32.add (local.get $d) (i32.const 1)))
          (local.set $a (i32.xor (local.get $b) (i32.shr_u (local.get $b) (i32.const 9))))
          (local.set $b (i32.add (local.get $c) (i32.shl (local.get $c) (i32.const 3))))
          (local.set $c (i32.add (i32.rotl (local.get $c) (i32.const 21)) (local.get $t)))
          (local.set $k0 (i32.load (i32.add (local.get $guide)
            (i32.shl (i32.shr_u (local.get $t) (i32.const 22)) (i32.const 2)))))
          (if (i32.ge_u (local.get $k0) (i32.const 0x10000))
            (then
              (local.set $k0 (i32.and (local.get $k0) (i32.const 0xffff)))
              (local.set $u (f64.convert_i32_u (local.get $t)))
              (block $found0
                (loop $search0
                  (br_if $found0 (f64.lt (local.get $u)
                    (f64.load (i32.add (local.get $cdf) (i32.shl (local.get $k0) (i32.const 3))))))
                  (local.set $k0 (i32.add (local.get $k0) (i32.const 1)))
                  (br $search0)))))
          (local.set $t (i32.add (i32.add (local.get $a) (local.get $b)) (local.get $d)))
          (local.set $d (i32.add (local.get $d) (i32.const 1)))
          (local.set $a (i32.xor (local.get $b) (i32.shr_u (local.get $b) (i32.const 9))))
          (local.set $b (i32.add (local.get $c) (i32.shl (local.get $c) (i32.const 3))))
          (local.set $c (i32.add (i32.rotl (local.get $c) (i32.const 21)) (local.get $t)))
          (local.set $k1 (i32.load (i32.add (local.get $guide)
            (i32.shl (i32.shr_u (local.get $t) (i32.const 22)) (i32.const 2)))))
          (if (i32.ge_u (local.get $k1) (i32.const 0x10000))
            (then
              (local.set $k1 (i32.and (local.get $k1) (i32.const 0xffff)))
              (local.set $u (f64.convert_i32_u (local.get $t)))
              (block $found1
                (loop $search1
                  (br_if $found1 (f64.lt (local.get $u)
                    (f64.load (i32.add (local.get $cdf) (i32.shl (local.get $k1) (i32.const 3))))))
                  (local.set $k1 (i32.add (local.get $k1) (i32.const 1)))
                  (br $search1)))))
          (local.set $t (i32.add (i32.add (local.get $a) (local.get $b)) (local.get $d)))
          (local.set $d (i32.add (local.get $d) (i32.const 1)))
          (local.set $a (i32.xor (local.get $b) (i32.shr_u (local.get $b) (i32.const 9))))
          (local.set $b (i32.add (local.get $c) (i32.shl (local.get $c) (i32.const 3))))
          (local.set $c (i32.add (i32.rotl (local.get $c) (i32.const 21)) (local.get $t)))
          (local.set $k2 (i32.load (i32.add (local.get $guide)
            (i32.shl (i32.shr_u (local.get $t) (i32.const 22)) (i32.const 2)))))
          (if (i32.ge_u (local.get $k2) (i32.const 0x10000))
            (then
              (local.set $k2 (i32.and (local.get $k2) (i32.const 0xffff)))
              (local.set $u (f64.convert_i32_u (local.get $t)))
              (block $found2
                (loop $search2
                  (br_if $found2 (f64.lt (local.get $u)
                    (f64.load (i32.add (local.get $cdf) (i32.shl (local.get $k2) (i32.const 3))))))
                  (local.set $k2 (i32.add (local.get $k2) (i32.const 1)))
                  (br $search2)))))
          (local.set $t (i32.add (i32.add (local.get $a) (local.get $b)) (local.get $d)))
          (local.set $d (i32.add (local.get $d) (i32.const 1)))
          (local.set $a (i32.xor (local.get $b) (i32.shr_u (local.get $b) (i32.const 9))))
          (local.set $b (i32.add (local.get $c) (i32.shl (local.get $c) (i32.const 3))))
          (local.set $c (i32.add (i32.rotl (local.get $c) (i32.const 21)) (local.get $t)))
          (local.set $k3 (i32.load (i32.add (local.get $guide)
            (i32.shl (i32.shr_u (local.get $t) (i32.const 22)) (i32.const 2)))))
          (if (i32.ge_u (local.get $k3) (i32.const 0x10000))
            (then
              (local.set $k3 (i32.and (local.get $k3) (i32.const 0xffff)))
              (local.set $u (f64.convert_i32_u (local.get $t)))
              (block $found3
                (loop $search3
                  (br_if $found3 (f64.lt (local.get $u)
                    (f64.load (i32.add (local.get $cdf) (i32.shl (local.get $k3) (i32.const 3))))))
                  (local.set $k3 (i32.add (local.get $k3) (i32.const 1)))
                  (br $search3)))))
          (local.set $o8 (i32.shl (local.get $i) (i32.const 3)))
          (local.set $o4 (i32.shl (local.get $i) (i32.const 2)))
          (local.set $v (v128.load (i32.add (local.get $V) (local.get $o8))))
          (local.set $x (v128.load (i32.add (local.get $I) (local.get $o8))))
          (local.set $r (v128.load64_zero (i32.add (local.get $R) (local.get $o4))))
          (local.set $v (v128.bitselect
            (f64x2.add
              (f64x2.add (f64x2.mul (local.get $p22) (local.get $v)) (f64x2.mul (local.get $p21) (local.get $x)))
              (local.get $iev))
            (local.get $v)
            (i64x2.extend_low_i32x4_s (i32x4.eq (local.get $r) (v128.const i64x2 0 0)))))
          (local.set $r (i32x4.add (local.get $r) (i32x4.ne (local.get $r) (v128.const i64x2 0 0))))
          (v128.store (i32.add (local.get $I) (local.get $o8))
            (f64x2.add
              (f64x2.add
                (f64x2.mul (local.get $p11) (local.get $x))
                (f64x2.mul (f64x2.convert_low_i32x4_s (v128.load64_zero (i32.add (local.get $input) (local.get $o4)))) (f64x2.splat (local.get $inScale))))
              (f64x2.mul
                (f64x2.convert_low_i32x4_u
                  (i32x4.replace_lane 1
                    (i32x4.splat (i32.and (local.get $k0) (i32.const 255)))
                    (i32.and (local.get $k1) (i32.const 255))))
                (local.get $w))))
          (i64.store (i32.add (local.get $input) (local.get $o4)) (i64.const 0))
          (local.set $s (f64x2.ge (local.get $v) (local.get $th)))
          (if (v128.any_true (local.get $s))
            (then
              (local.set $v (v128.bitselect (local.get $reset) (local.get $v) (local.get $s)))
              (local.set $r (v128.bitselect (local.get $ref) (local.get $r)
                (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11 (local.get $s) (local.get $s))))
              (if (i32x4.extract_lane 0 (local.get $s))
                (then
                  (i32.store (i32.add (local.get $out) (i32.shl (local.get $spikes) (i32.const 2)))
                    (i32.add (local.get $start) (local.get $i)))
                  (local.set $spikes (i32.add (local.get $spikes) (i32.const 1)))))
              (if (i32x4.extract_lane 2 (local.get $s))
                (then
                  (i32.store (i32.add (local.get $out) (i32.shl (local.get $spikes) (i32.const 2)))
                    (i32.add (i32.add (local.get $start) (local.get $i)) (i32.const 1)))
                  (local.set $spikes (i32.add (local.get $spikes) (i32.const 1)))))))
          (v128.store (i32.add (local.get $V) (local.get $o8)) (local.get $v))
          (v128.store64_lane 0 (i32.add (local.get $R) (local.get $o4)) (local.get $r))
          (local.set $v (v128.load offset=16 (i32.add (local.get $V) (local.get $o8))))
          (local.set $x (v128.load offset=16 (i32.add (local.get $I) (local.get $o8))))
          (local.set $r (v128.load64_zero offset=8 (i32.add (local.get $R) (local.get $o4))))
          (local.set $v (v128.bitselect
            (f64x2.add
              (f64x2.add (f64x2.mul (local.get $p22) (local.get $v)) (f64x2.mul (local.get $p21) (local.get $x)))
              (local.get $iev))
            (local.get $v)
            (i64x2.extend_low_i32x4_s (i32x4.eq (local.get $r) (v128.const i64x2 0 0)))))
          (local.set $r (i32x4.add (local.get $r) (i32x4.ne (local.get $r) (v128.const i64x2 0 0))))
          (v128.store offset=16 (i32.add (local.get $I) (local.get $o8))
            (f64x2.add
              (f64x2.add
                (f64x2.mul (local.get $p11) (local.get $x))
                (f64x2.mul (f64x2.convert_low_i32x4_s (v128.load64_zero offset=8 (i32.add (local.get $input) (local.get $o4)))) (f64x2.splat (local.get $inScale))))
              (f64x2.mul
                (f64x2.convert_low_i32x4_u
                  (i32x4.replace_lane 1
                    (i32x4.splat (i32.and (local.get $k2) (i32.const 255)))
                    (i32.and (local.get $k3) (i32.const 255))))
                (local.get $w))))
          (i64.store offset=8 (i32.add (local.get $input) (local.get $o4)) (i64.const 0))
          (local.set $s (f64x2.ge (local.get $v) (local.get $th)))
          (if (v128.any_true (local.get $s))
            (then
              (local.set $v (v128.bitselect (local.get $reset) (local.get $v) (local.get $s)))
              (local.set $r (v128.bitselect (local.get $ref) (local.get $r)
                (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11 (local.get $s) (local.get $s))))
              (if (i32x4.extract_lane 0 (local.get $s))
                (then
                  (i32.store (i32.add (local.get $out) (i32.shl (local.get $spikes) (i32.const 2)))
                    (i32.add (local.get $start) (i32.add (local.get $i) (i32.const 2))))
                  (local.set $spikes (i32.add (local.get $spikes) (i32.const 1)))))
              (if (i32x4.extract_lane 2 (local.get $s))
                (then
                  (i32.store (i32.add (local.get $out) (i32.shl (local.get $spikes) (i32.const 2)))
                    (i32.add (i32.add (local.get $start) (i32.add (local.get $i) (i32.const 2))) (i32.const 1)))
                  (local.set $spikes (i32.add (local.get $spikes) (i32.const 1)))))))
          (v128.store offset=16 (i32.add (local.get $V) (local.get $o8)) (local.get $v))
          (v128.store64_lane offset=8 0 (i32.add (local.get $R) (local.get $o4)) (local.get $r))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br_if $quad (i32.lt_u (local.get $i) (local.get $quads))))
        (i32.store (local.get $st) (local.get $a))
        (i32.store offset=4 (local.get $st) (local.get $b))
        (i32.store offset=8 (local.get $st) (local.get $c))
        (i32.store offset=12 (local.get $st) (local.get $d))))
    (if (i32.and (local.get $n) (i32.const 3))
      (then
        (local.set $o8 (i32.shl (local.get $i) (i32.const 3)))
        (local.set $o4 (i32.shl (local.get $i) (i32.const 2)))
        (local.set $spikes (i32.add (local.get $spikes)
          (call $step
            (i32.add (local.get $V) (local.get $o8)) (i32.add (local.get $I) (local.get $o8))
            (i32.add (local.get $R) (local.get $o4)) (i32.add (local.get $pc) (local.get $i))
            (i32.add (local.get $input) (local.get $o4)) (i32.and (local.get $n) (i32.const 3))
            (local.get $P22) (local.get $P21) (local.get $ie) (local.get $P11) (local.get $wExt) (local.get $inScale)
            (local.get $vTh) (local.get $vReset) (local.get $refSteps)
            (i32.add (local.get $out) (i32.shl (local.get $spikes) (i32.const 2)))
            (i32.add (local.get $start) (local.get $i))
            (local.get $cdf) (local.get $guide) (local.get $st))))))
    (local.get $spikes))

  ;; ---------------------------------------------------------------------------------------------
  ;; The delay queue of a partition (engine/sim/queue.ts explains why; engine/wasm/queue.ts is its
  ;; JavaScript side, which allocates chunks and reserves room). At $q: free-list head (address of
  ;; a free chunk, 0 = none) and free-chunk count, then 16 bytes per slot: pos (next free event),
  ;; end (end of the tail chunk), head and tail chunk (all 0 while the slot is empty). A chunk is a
  ;; 16-byte header (next chunk, 0 = last) and 2048 events of 4 bytes: the target's index among the
  ;; partition's inputs << 15 | its signed 15-bit weight level.

  ;; A new tail chunk for the slot at $sp; returns its first event address. The caller reserved
  ;; room, so the free list is not empty (if it were: trap, never a wild write).
  (func $open (param $q i32) (param $sp i32) (result i32)
    (local $c i32) (local $t i32)
    (local.set $c (i32.load (local.get $q)))
    (if (i32.eqz (local.get $c)) (then (unreachable)))
    (i32.store (local.get $q) (i32.load (local.get $c)))
    (i32.store offset=4 (local.get $q) (i32.sub (i32.load offset=4 (local.get $q)) (i32.const 1)))
    (i32.store (local.get $c) (i32.const 0))
    (local.set $t (i32.load offset=12 (local.get $sp)))
    (if (i32.eqz (local.get $t))
      (then (i32.store offset=8 (local.get $sp) (local.get $c)))
      (else (i32.store (local.get $t) (local.get $c))))
    (i32.store offset=12 (local.get $sp) (local.get $c))
    (i32.store offset=4 (local.get $sp) (i32.add (local.get $c) (i32.const 8208)))
    (i32.add (local.get $c) (i32.const 16)))

  ;; Queues the events of the spikes of sources src[0..nsrc) (u32) into one shard, as appendRows
  ;; (engine/sim/deliver.ts) does. Row s is the words syn[rp[s] .. rp[s+1]) (synapse words: target
  ;; << 15 | signed 15-bit level, an event word less the shard's first input index) in runs of one
  ;; delay, runs[rr[s] .. rr[s+1]) (delay << 16 | count). The events of a run go to slot base + delay
  ;; (mod slots) as syn + (first << 15). Returns the number of events.
  (func $append (export "append")
    (param $rp i32) (param $syn i32) (param $rr i32) (param $runs i32) (param $src i32) (param $nsrc i32)
    (param $base i32) (param $slots i32) (param $q i32) (param $first i32)
    (result i32)
    (local $end i32) (local $s i32) (local $a i32) (local $b i32) (local $n i32)
    (local $slot i32) (local $sp i32) (local $p i32) (local $e i32) (local $w i32) (local $sink i32)
    (local $r i32) (local $r1 i32) (local $h i32) (local $stop i32)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $nsrc) (i32.const 2))))
    ;; First touch one word of every cache line of every row's words and runs: these loads do
    ;; not depend on each other, so the core keeps many cache and TLB misses in flight, where the
    ;; append loop below would meet them one after the other.
    (local.set $p (local.get $src))
    (block $touched
      (loop $touch
        (br_if $touched (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $s (i32.shl (i32.load (local.get $p)) (i32.const 2)))
        (local.set $a (i32.load (i32.add (local.get $rp) (local.get $s))))
        (local.set $b (i32.load offset=4 (i32.add (local.get $rp) (local.get $s))))
        (block $row
          (br_if $row (i32.ge_u (local.get $a) (local.get $b)))
          (loop $lines
            (local.set $sink (i32.add (local.get $sink)
              (i32.load (i32.add (local.get $syn) (i32.shl (local.get $a) (i32.const 2))))))
            (local.set $a (i32.add (local.get $a) (i32.const 16)))
            (br_if $lines (i32.lt_u (local.get $a) (local.get $b)))))
        (local.set $a (i32.load (i32.add (local.get $rr) (local.get $s))))
        (local.set $b (i32.load offset=4 (i32.add (local.get $rr) (local.get $s))))
        (block $rrow
          (br_if $rrow (i32.ge_u (local.get $a) (local.get $b)))
          (loop $rlines
            (local.set $sink (i32.add (local.get $sink)
              (i32.load (i32.add (local.get $runs) (i32.shl (local.get $a) (i32.const 2))))))
            (local.set $a (i32.add (local.get $a) (i32.const 16)))
            (br_if $rlines (i32.lt_u (local.get $a) (local.get $b)))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $touch)))
    (local.set $first (i32.shl (local.get $first) (i32.const 15)))
    (block $done
      (loop $spikes
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $s (i32.shl (i32.load (local.get $src)) (i32.const 2)))
        (local.set $a (i32.load (i32.add (local.get $rp) (local.get $s))))
        (local.set $n (i32.add (local.get $n)
          (i32.sub (i32.load offset=4 (i32.add (local.get $rp) (local.get $s))) (local.get $a))))
        ;; $a becomes the byte address of the row's next word.
        (local.set $a (i32.add (local.get $syn) (i32.shl (local.get $a) (i32.const 2))))
        (local.set $r (i32.add (local.get $runs) (i32.shl (i32.load (i32.add (local.get $rr) (local.get $s))) (i32.const 2))))
        (local.set $r1 (i32.add (local.get $runs) (i32.shl (i32.load offset=4 (i32.add (local.get $rr) (local.get $s))) (i32.const 2))))
        (block $rowdone
          (loop $run
            (br_if $rowdone (i32.ge_u (local.get $r) (local.get $r1)))
            (local.set $h (i32.load (local.get $r)))
            (local.set $slot (i32.add (local.get $base) (i32.shr_u (local.get $h) (i32.const 16))))
            (if (i32.ge_u (local.get $slot) (local.get $slots))
              (then (local.set $slot (i32.sub (local.get $slot) (local.get $slots)))))
            (local.set $sp (i32.add (i32.add (local.get $q) (i32.const 16)) (i32.shl (local.get $slot) (i32.const 4))))
            (local.set $p (i32.load (local.get $sp)))
            (local.set $e (i32.load offset=4 (local.get $sp)))
            (local.set $stop (i32.add (local.get $a) (i32.shl (i32.and (local.get $h) (i32.const 0xffff)) (i32.const 2))))
            (loop $events
              (if (i32.eq (local.get $p) (local.get $e))
                (then
                  (local.set $p (call $open (local.get $q) (local.get $sp)))
                  (local.set $e (i32.load offset=4 (local.get $sp)))))
              (i32.store (local.get $p) (i32.add (local.get $first) (i32.load (local.get $a))))
              (local.set $p (i32.add (local.get $p) (i32.const 4)))
              (local.set $a (i32.add (local.get $a) (i32.const 4)))
              (br_if $events (i32.lt_u (local.get $a) (local.get $stop))))
            (i32.store (local.get $sp) (local.get $p))
            (local.set $r (i32.add (local.get $r) (i32.const 4)))
            (br $run)))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (br $spikes)))
    ;; The touched words' sum goes to a spare word of the queue header, so that no engine drops
    ;; the touching loads as dead code.
    (i32.store offset=8 (local.get $q) (local.get $sink))
    (local.get $n))

  ;; Adds the events of a slot to the partition's inputs (i32 at $in: exact integer sums, so the
  ;; order does not matter), returns its chunks to the free list and empties the slot. Returns the
  ;; number of events.
  (func $drain (export "drain") (param $q i32) (param $slot i32) (param $in i32) (result i32)
    (local $sp i32) (local $c i32) (local $last i32) (local $p i32) (local $e i32) (local $n i32)
    (local $next i32) (local $x i32) (local $addr i32)
    (local.set $sp (i32.add (i32.add (local.get $q) (i32.const 16)) (i32.shl (local.get $slot) (i32.const 4))))
    (local.set $c (i32.load offset=8 (local.get $sp)))
    (if (i32.eqz (local.get $c)) (then (return (i32.const 0))))
    (local.set $last (i32.load offset=12 (local.get $sp)))
    (loop $chunks
      (local.set $p (i32.add (local.get $c) (i32.const 16)))
      (local.set $e (select (i32.load (local.get $sp)) (i32.add (local.get $c) (i32.const 8208))
        (i32.eq (local.get $c) (local.get $last))))
      (local.set $n (i32.add (local.get $n) (i32.shr_u (i32.sub (local.get $e) (local.get $p)) (i32.const 2))))
      (block $empty
        (br_if $empty (i32.ge_u (local.get $p) (local.get $e)))
        (loop $events
          (local.set $x (i32.load (local.get $p)))
          (local.set $addr (i32.add (local.get $in) (i32.shl (i32.shr_u (local.get $x) (i32.const 15)) (i32.const 2))))
          (i32.store (local.get $addr) (i32.add (i32.load (local.get $addr))
            (i32.shr_s (i32.shl (local.get $x) (i32.const 17)) (i32.const 17))))
          (local.set $p (i32.add (local.get $p) (i32.const 4)))
          (br_if $events (i32.lt_u (local.get $p) (local.get $e)))))
      (local.set $next (i32.load (local.get $c)))
      (i32.store (local.get $c) (i32.load (local.get $q)))
      (i32.store (local.get $q) (local.get $c))
      (i32.store offset=4 (local.get $q) (i32.add (i32.load offset=4 (local.get $q)) (i32.const 1)))
      (if (i32.ne (local.get $c) (local.get $last))
        (then
          (local.set $c (local.get $next))
          (br $chunks))))
    (i64.store (local.get $sp) (i64.const 0))
    (i64.store offset=8 (local.get $sp) (i64.const 0))
    (local.get $n))

  ;; ---------------------------------------------------------------------------------------------
  ;; Synapse generation (engine/network/generate.ts generateBlock, draw for draw and bit for bit): n
  ;; synapses, each a source uniform in [0, nSrc) (Lemire's bounded integer with rejection), a
  ;; target uniform in [0, size), a normal weight mean + std * z (ziggurat; redrawn until it keeps
  ;; the sign; level = Math.round(|w| * inv) capped at maxLevel) and a delay dmin + an outcome of
  ;; the power-of-two alias table (thresholds f64 at $thr, aliases i32 at $alias, 2^aBits columns).
  ;; Writes key (base + source) << dBits | delay to sd and target << 16 | signed 16-bit level to
  ;; tw; the sfc32 state (4 x i32 at $st) is read and written back. Returns 0, or 1 when a weight
  ;; could not keep its sign in 1000 draws.
  (func $generate (export "generate")
    (param $st i32) (param $n i32) (param $base i32) (param $nSrc i32) (param $size i32)
    (param $mean f64) (param $std f64) (param $positive i32) (param $inv f64) (param $maxLevel i32)
    (param $dmin i32) (param $aBits i32) (param $thr i32) (param $alias i32)
    (param $zigK i32) (param $zigW i32) (param $dBits i32) (param $sd i32) (param $tw i32)
    (result i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $t i32)
    (local $m i64) (local $thrSrc i32) (local $thrTgt i32) (local $s i32) (local $tg i32)
    (local $iz i32) (local $hz i32) (local $mm f64) (local $z f64) (local $w f64) (local $x f64)
    (local $r f64) (local $level i32) (local $tries i32) (local $delay i32) (local $col i32)
    (local $aShift i32) (local $aMask i32) (local $end i32)
    (if (i32.eqz (local.get $n)) (then (return (i32.const 0))))
    (local.set $a (i32.load (local.get $st)))
    (local.set $b (i32.load offset=4 (local.get $st)))
    (local.set $c (i32.load offset=8 (local.get $st)))
    (local.set $d (i32.load offset=12 (local.get $st)))
    (local.set $thrSrc (i32.wrap_i64 (i64.rem_u (i64.sub (i64.const 4294967296) (i64.extend_i32_u (local.get $nSrc))) (i64.extend_i32_u (local.get $nSrc)))))
    (local.set $thrTgt (i32.wrap_i64 (i64.rem_u (i64.sub (i64.const 4294967296) (i64.extend_i32_u (local.get $size))) (i64.extend_i32_u (local.get $size)))))
    (local.set $aShift (i32.sub (i32.const 32) (local.get $aBits)))
    (local.set $aMask (i32.sub (i32.shl (i32.const 1) (local.get $aShift)) (i32.const 1)))
    (local.set $end (i32.add (local.get $sd) (i32.shl (local.get $n) (i32.const 2))))
    (loop $synapse
      ;; source
      (block $gotSrc
        (loop $drawSrc
          (local.set $t (i32.add (i32.add (local.get $a) (local.get $b)) (local.get $d)))
          (local.set $d (i32.add (local.get $d) (i32.const 1)))
          (local.set $a (i32.xor (local.get $b) (i32.shr_u (local.get $b) (i32.const 9))))
          (local.set $b (i32.add (local.get $c) (i32.shl (local.get $c) (i32.const 3))))
          (local.set $c (i32.add (i32.rotl (local.get $c) (i32.const 21)) (local.get $t)))
          (local.set $m (i64.mul (i64.extend_i32_u (local.get $t)) (i64.extend_i32_u (local.get $nSrc))))
          (local.set $s (i32.wrap_i64 (i64.shr_u (local.get $m) (i64.const 32))))
          (br_if $gotSrc (i32.ge_u (i32.wrap_i64 (local.get $m)) (local.get $thrSrc)))
          (br $drawSrc)))
      ;; target
      (block $gotTgt
        (loop $drawTgt
          (local.set $t (i32.add (i32.add (local.get $a) (local.get $b)) (local.get $d)))
          (local.set $d (i32.add (local.get $d) (i32.const 1)))
          (local.set $a (i32.xor (local.get $b) (i32.shr_u (local.get $b) (i32.const 9))))
          (local.set $b (i32.add (local.get $c) (i32.shl (local.get $c) (i32.const 3))))
          (local.set $c (i32.add (i32.rotl (local.get $c) (i32.const 21)) (local.get $t)))
          (local.set $m (i64.mul (i64.extend_i32_u (local.get $t)) (i64.extend_i32_u (local.get $size))))
          (local.set $tg (i32.wrap_i64 (i64.shr_u (local.get $m) (i64.const 32))))
          (br_if $gotTgt (i32.ge_u (i32.wrap_i64 (local.get $m)) (local.get $thrTgt)))
          (br $drawTgt)))
      ;; weight
      (local.set $tries (i32.const 0))
      (block $gotW
        (loop $drawW
          (block $gotZ
            (loop $drawZ
              (local.set $t (i32.add (i32.add (local.get $a) (local.get $b)) (local.get $d)))
              (local.set $d (i32.add (local.get $d) (i32.const 1)))
              (local.set $a (i32.xor (local.get $b) (i32.shr_u (local.get $b) (i32.const 9))))
              (local.set $b (i32.add (local.get $c) (i32.shl (local.get $c) (i32.const 3))))
              (local.set $c (i32.add (i32.rotl (local.get $c) (i32.const 21)) (local.get $t)))
              (local.set $iz (i32.and (local.get $t) (i32.const 127)))
              (local.set $hz (i32.shr_s (local.get $t) (i32.const 7)))
              (local.set $mm (f64.mul (f64.convert_i32_s (local.get $hz)) (f64.const 128)))
              (if (f64.lt (f64.abs (local.get $mm))
                    (f64.load (i32.add (local.get $zigK) (i32.shl (local.get $iz) (i32.const 3)))))
                (then
                  (local.set $z (f64.mul (local.get $mm)
                    (f64.load (i32.add (local.get $zigW) (i32.shl (local.get $iz) (i32.const 3))))))
                  (br $gotZ)))
              (i32.store (local.get $st) (local.get $a))
              (i32.store offset=4 (local.get $st) (local.get $b))
              (i32.store offset=8 (local.get $st) (local.get $c))
              (i32.store offset=12 (local.get $st) (local.get $d))
              (local.set $z (call $zig_slow (local.get $st) (local.get $iz) (local.get $hz)))
              (local.set $a (i32.load (local.get $st)))
              (local.set $b (i32.load offset=4 (local.get $st)))
              (local.set $c (i32.load offset=8 (local.get $st)))
              (local.set $d (i32.load offset=12 (local.get $st)))
              (br_if $gotZ (f64.eq (local.get $z) (local.get $z)))
              (br $drawZ)))
          (local.set $w (f64.add (local.get $mean) (f64.mul (local.get $std) (local.get $z))))
          (br_if $gotW (f64.le (local.get $std) (f64.const 0)))
          (br_if $gotW (select
            (f64.ge (local.get $w) (f64.const 0))
            (f64.le (local.get $w) (f64.const 0))
            (local.get $positive)))
          (local.set $tries (i32.add (local.get $tries) (i32.const 1)))
          (if (i32.ge_u (local.get $tries) (i32.const 1000))
            (then
              (i32.store (local.get $st) (local.get $a))
              (i32.store offset=4 (local.get $st) (local.get $b))
              (i32.store offset=8 (local.get $st) (local.get $c))
              (i32.store offset=12 (local.get $st) (local.get $d))
              (return (i32.const 1))))
          (br $drawW)))
      ;; level = Math.round(|w| * inv) (ties upward, exactly), capped
      (local.set $x (f64.mul (f64.abs (local.get $w)) (local.get $inv)))
      (local.set $r (f64.floor (local.get $x)))
      (if (f64.ge (f64.sub (local.get $x) (local.get $r)) (f64.const 0.5))
        (then (local.set $r (f64.add (local.get $r) (f64.const 1)))))
      (if (f64.gt (local.get $r) (f64.convert_i32_s (local.get $maxLevel)))
        (then (local.set $r (f64.convert_i32_s (local.get $maxLevel)))))
      (local.set $level (i32.trunc_f64_s (local.get $r)))
      ;; delay
      (local.set $t (i32.add (i32.add (local.get $a) (local.get $b)) (local.get $d)))
      (local.set $d (i32.add (local.get $d) (i32.const 1)))
      (local.set $a (i32.xor (local.get $b) (i32.shr_u (local.get $b) (i32.const 9))))
      (local.set $b (i32.add (local.get $c) (i32.shl (local.get $c) (i32.const 3))))
      (local.set $c (i32.add (i32.rotl (local.get $c) (i32.const 21)) (local.get $t)))
      (local.set $delay (local.get $dmin))
      (if (i32.gt_s (local.get $aBits) (i32.const 0))
        (then
          (local.set $col (i32.shr_u (local.get $t) (local.get $aShift)))
          (local.set $delay (i32.add (local.get $delay)
            (select
              (local.get $col)
              (i32.load (i32.add (local.get $alias) (i32.shl (local.get $col) (i32.const 2))))
              (f64.lt (f64.convert_i32_u (i32.and (local.get $t) (local.get $aMask)))
                (f64.load (i32.add (local.get $thr) (i32.shl (local.get $col) (i32.const 3))))))))))
      (i32.store (local.get $sd)
        (i32.or (i32.shl (i32.add (local.get $base) (local.get $s)) (local.get $dBits)) (local.get $delay)))
      (i32.store (local.get $tw)
        (i32.or (i32.shl (local.get $tg) (i32.const 16))
          (select (local.get $level)
            (i32.and (i32.sub (i32.const 0) (local.get $level)) (i32.const 0xffff))
            (local.get $positive))))
      (local.set $sd (i32.add (local.get $sd) (i32.const 4)))
      (local.set $tw (i32.add (local.get $tw) (i32.const 4)))
      (br_if $synapse (i32.lt_u (local.get $sd) (local.get $end))))
    (i32.store (local.get $st) (local.get $a))
    (i32.store offset=4 (local.get $st) (local.get $b))
    (i32.store offset=8 (local.get $st) (local.get $c))
    (i32.store offset=12 (local.get $st) (local.get $d))
    (i32.const 0))

  ;; ---------------------------------------------------------------------------------------------
  ;; One stable LSD radix pass of construction: the n (key, word) pairs at $sk/$sw are scattered to
  ;; $dk/$dw by the digit (key >>> shift) & mask (at most 2^12 buckets; counts at $cnt, 4 bytes
  ;; per bucket + 4). Stable, so any digits give the order of sortByKey (engine/network/rows.ts).
  (func $radix_pass (export "radix_pass")
    (param $sk i32) (param $sw i32) (param $dk i32) (param $dw i32) (param $n i32)
    (param $shift i32) (param $mask i32) (param $cnt i32)
    (local $i i32) (local $k i32) (local $at i32) (local $sum i32) (local $c i32) (local $end i32)
    ;; zero the counts
    (local.set $i (i32.const 0))
    (loop $zero
      (i32.store (i32.add (local.get $cnt) (i32.shl (local.get $i) (i32.const 2))) (i32.const 0))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $zero (i32.le_u (local.get $i) (local.get $mask))))
    (if (i32.eqz (local.get $n)) (then (return)))
    ;; count
    (local.set $end (i32.add (local.get $sk) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $i (local.get $sk))
    (loop $count
      (local.set $at (i32.add (local.get $cnt)
        (i32.shl (i32.and (i32.shr_u (i32.load (local.get $i)) (local.get $shift)) (local.get $mask)) (i32.const 2))))
      (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $count (i32.lt_u (local.get $i) (local.get $end))))
    ;; exclusive prefix sums: start of each bucket
    (local.set $i (i32.const 0))
    (local.set $sum (i32.const 0))
    (loop $prefix
      (local.set $at (i32.add (local.get $cnt) (i32.shl (local.get $i) (i32.const 2))))
      (local.set $c (i32.load (local.get $at)))
      (i32.store (local.get $at) (local.get $sum))
      (local.set $sum (i32.add (local.get $sum) (local.get $c)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $prefix (i32.le_u (local.get $i) (local.get $mask))))
    ;; scatter
    (local.set $i (i32.const 0))
    (loop $scatter
      (local.set $k (i32.load (i32.add (local.get $sk) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $at (i32.add (local.get $cnt)
        (i32.shl (i32.and (i32.shr_u (local.get $k) (local.get $shift)) (local.get $mask)) (i32.const 2))))
      (local.set $c (i32.load (local.get $at)))
      (i32.store (local.get $at) (i32.add (local.get $c) (i32.const 1)))
      (i32.store (i32.add (local.get $dk) (i32.shl (local.get $c) (i32.const 2))) (local.get $k))
      (i32.store (i32.add (local.get $dw) (i32.shl (local.get $c) (i32.const 2)))
        (i32.load (i32.add (local.get $sw) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $scatter (i32.lt_u (local.get $i) (local.get $n)))))

  ;; ---------------------------------------------------------------------------------------------
  ;; Packs n synapses sorted by key (source << dBits | delay; words target << 16 | signed 16-bit
  ;; level) as packRows (engine/network/rows.ts) does: synapse words target << 15 | 15-bit level
  ;; to $syn, runs of one key (delay << 16 | count, at most 65,535 long) to $runs, and row and run
  ;; pointers of the S sources ($rp, $rr: S + 1 entries each). Returns the number of runs.
  (func $pack (export "pack")
    (param $sk i32) (param $sw i32) (param $n i32) (param $dBits i32)
    (param $syn i32) (param $runs i32) (param $rp i32) (param $rr i32) (param $S i32)
    (result i32)
    (local $q i32) (local $k i32) (local $prev i32) (local $len i32) (local $r i32) (local $x i32)
    (local $at i32) (local $src i32) (local $i i32) (local $sumA i32) (local $sumB i32)
    (local.set $i (i32.const 0))
    (loop $zero
      (i32.store (i32.add (local.get $rp) (i32.shl (local.get $i) (i32.const 2))) (i32.const 0))
      (i32.store (i32.add (local.get $rr) (i32.shl (local.get $i) (i32.const 2))) (i32.const 0))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $zero (i32.le_u (local.get $i) (local.get $S))))
    (local.set $r (i32.const -1))
    (if (i32.gt_u (local.get $n) (i32.const 0))
      (then
        (loop $syns
          (local.set $k (i32.load (i32.add (local.get $sk) (i32.shl (local.get $q) (i32.const 2)))))
          (local.set $src (i32.shr_u (local.get $k) (local.get $dBits)))
          (local.set $at (i32.add (local.get $rp) (i32.shl (i32.add (local.get $src) (i32.const 1)) (i32.const 2))))
          (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
          (local.set $x (i32.load (i32.add (local.get $sw) (i32.shl (local.get $q) (i32.const 2)))))
          (i32.store (i32.add (local.get $syn) (i32.shl (local.get $q) (i32.const 2)))
            (i32.or (i32.shl (i32.shr_u (local.get $x) (i32.const 16)) (i32.const 15))
              (i32.and (local.get $x) (i32.const 0x7fff))))
          (if (i32.or (i32.eqz (local.get $q))
                (i32.or (i32.ne (local.get $k) (local.get $prev)) (i32.eq (local.get $len) (i32.const 0xffff))))
            (then
              (local.set $r (i32.add (local.get $r) (i32.const 1)))
              (i32.store (i32.add (local.get $runs) (i32.shl (local.get $r) (i32.const 2)))
                (i32.shl (i32.and (local.get $k) (i32.sub (i32.shl (i32.const 1) (local.get $dBits)) (i32.const 1))) (i32.const 16)))
              (local.set $at (i32.add (local.get $rr) (i32.shl (i32.add (local.get $src) (i32.const 1)) (i32.const 2))))
              (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
              (local.set $prev (local.get $k))
              (local.set $len (i32.const 0))))
          (local.set $at (i32.add (local.get $runs) (i32.shl (local.get $r) (i32.const 2))))
          (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
          (local.set $len (i32.add (local.get $len) (i32.const 1)))
          (local.set $q (i32.add (local.get $q) (i32.const 1)))
          (br_if $syns (i32.lt_u (local.get $q) (local.get $n))))))
    ;; prefix sums
    (local.set $i (i32.const 0))
    (loop $prefix
      (local.set $at (i32.add (local.get $rp) (i32.shl (local.get $i) (i32.const 2))))
      (local.set $sumA (i32.add (local.get $sumA) (i32.load (local.get $at))))
      (i32.store (local.get $at) (local.get $sumA))
      (local.set $at (i32.add (local.get $rr) (i32.shl (local.get $i) (i32.const 2))))
      (local.set $sumB (i32.add (local.get $sumB) (i32.load (local.get $at))))
      (i32.store (local.get $at) (local.get $sumB))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $prefix (i32.le_u (local.get $i) (local.get $S))))
    (i32.add (local.get $r) (i32.const 1)))
)
