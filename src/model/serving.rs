//! Serving a model: decode and prefill from a roofline. Pure functions, no I/O.
//!
//! A decode step reads every weight and the whole KV cache once and does two FLOP per active
//! parameter per sequence, so it takes `max(bytes ÷ (HBM bandwidth × achieved fraction), FLOP ÷
//! (peak × MFU))`: memory-bound at small batches, compute-bound once the batch is large enough.
//! A replica split over `g` GPUs by tensor parallelism shards weights, KV heads and FLOP `g` ways
//! and pays two all-reduces of the layer's activations per layer (Megatron-LM's split), each
//! `latency + 2 (g − 1) / g × message ÷ one-way link bandwidth` (a ring). Prefill is the same
//! forward pass over the whole prompt: compute-bound. Not modelled: compressed KV caches (MLA),
//! expert parallelism (a mixture-of-experts model holds every expert on every tensor-parallel
//! GPU and reads only the active ones' FLOP), pipeline parallelism, speculative decoding.

/// The shape of a transformer: what its KV cache and tensor-parallel traffic depend on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shape {
    pub layers: f64,
    pub d_model: f64,
    /// Query heads.
    pub heads: f64,
    /// Key/value heads (fewer than `heads` with grouped-query attention).
    pub kv_heads: f64,
}

impl Shape {
    /// Width of one head.
    pub fn head_dim(&self) -> f64 {
        self.d_model / self.heads
    }

    /// The stated rule for a bare parameter count: `N = 12 · layers · d_model²` with `d_model =
    /// ratio × layers`, heads of `head_dim`, and `kv_heads` key/value heads (at most the heads).
    pub fn from_params(params: f64, ratio: f64, head_dim: f64, kv_heads: f64) -> Shape {
        let layers = (params / (12.0 * ratio * ratio)).cbrt().round().max(1.0);
        // The width in whole groups of query heads, one group per KV head, as published
        // models are built (Llama 3: 8 KV heads for 64 or 128 query heads), so a width whose
        // head count is prime does not end up with a single KV head.
        let kv_heads = kv_heads.max(1.0);
        let group = head_dim * kv_heads;
        let d_model = ((params / (12.0 * layers)).sqrt() / group).round().max(1.0) * group;
        // A small model's width moves far in whole groups (1 B: 2,214 → 2,048): the depth then
        // makes up the parameter count.
        let layers = if (12.0 * layers * d_model * d_model / params - 1.0).abs() > 0.05 {
            (params / (12.0 * d_model * d_model)).round().max(1.0)
        } else {
            layers
        };
        let heads = d_model / head_dim;
        Shape {
            layers,
            d_model,
            heads,
            kv_heads,
        }
    }

    /// Key/value heads each GPU holds when split `gpus` ways: at least one (a head is not split).
    fn kv_heads_per_gpu(&self, gpus: f64) -> f64 {
        (self.kv_heads / gpus).max(1.0)
    }
}

/// One accelerator, as serving sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Card {
    /// Dense peak at the serving precision, TFLOP/s.
    pub peak_tflops: f64,
    /// Peak memory bandwidth, GB/s.
    pub hbm_gbs: f64,
    /// GPU-to-GPU bandwidth, GB/s, both directions summed (as vendors quote it).
    pub interconnect_gbs: f64,
    /// Memory, GB (10⁹ bytes).
    pub memory_gb: f64,
}

/// How close to the peaks serving gets, and the all-reduce's fixed cost.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Efficiency {
    /// Achieved fraction of the peak memory bandwidth, (0, 1].
    pub bandwidth: f64,
    /// Achieved fraction of the dense peak when compute-bound, (0, 1].
    pub mfu: f64,
    /// Least time of one all-reduce, seconds.
    pub allreduce_latency_s: f64,
    /// Bytes per activation value in the all-reduce.
    pub activation_bytes: f64,
}

/// What one replica serves.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Workload {
    /// Total parameters: what the GPUs hold.
    pub params: f64,
    /// Parameters a token passes through: what it computes (mixture-of-experts: fewer).
    pub active_params: f64,
    pub shape: Shape,
    /// GPUs of one replica, tensor parallel.
    pub gpus: f64,
    /// Sequences decoded together per replica.
    pub batch: f64,
    /// Prompt tokens per sequence.
    pub prompt: f64,
    /// Generated tokens per sequence.
    pub generate: f64,
    pub bytes_per_weight: f64,
    pub bytes_per_kv: f64,
}

/// Which roof a decode step is under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// Reading the weights and KV cache takes longer than the arithmetic.
    Memory,
    /// The arithmetic takes longer than the reads.
    Compute,
}

impl Bound {
    pub fn word(self) -> &'static str {
        match self {
            Bound::Memory => "memory",
            Bound::Compute => "compute",
        }
    }
}

/// Bytes one GPU of the replica holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MemoryUse {
    pub weights_bytes: f64,
    /// The KV cache at the longest context (prompt + generated tokens).
    pub kv_cache_bytes: f64,
    pub capacity_bytes: f64,
}

impl MemoryUse {
    pub fn total(&self) -> f64 {
        self.weights_bytes + self.kv_cache_bytes
    }
}

/// The replica does not fit its GPUs' memory: what it needs and what would fit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DoesNotFit {
    pub memory: MemoryUse,
    /// Fewest GPUs per replica that hold it at this batch (tensor parallel shards it).
    pub gpus_needed: f64,
    /// Largest batch that fits on these GPUs; 0 when the weights alone do not.
    pub max_batch: f64,
}

/// A replica's serving figures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Served {
    /// Seconds per decode step at the mean context (prompt + half the generated tokens).
    pub decode_step_s: f64,
    /// Of which: reading weights and KV cache at the achieved bandwidth.
    pub decode_memory_s: f64,
    /// Of which: the arithmetic at the achieved MFU.
    pub decode_compute_s: f64,
    /// Of which: the tensor-parallel all-reduces, added to the larger of the two.
    pub decode_allreduce_s: f64,
    pub decode_bound: Bound,
    /// Generated tokens per second of the replica (batch ÷ step).
    pub decode_tokens_per_s: f64,
    /// Seconds to prefill the batch's prompts: the time to the first token.
    pub prefill_s: f64,
    /// Prompt tokens per second of the replica.
    pub prefill_tokens_per_s: f64,
    /// Prompt and generated tokens per second over a whole request (prefill, then decoding).
    pub tokens_per_s: f64,
    pub memory: MemoryUse,
}

/// Seconds of the all-reduces of one forward pass over `tokens` tokens: two per layer.
fn allreduce_s(w: &Workload, card: &Card, eff: &Efficiency, tokens: f64) -> f64 {
    if w.gpus <= 1.0 {
        return 0.0;
    }
    let message = tokens * w.shape.d_model * eff.activation_bytes;
    let one_way = card.interconnect_gbs / 2.0 * 1e9;
    let ring = 2.0 * (w.gpus - 1.0) / w.gpus * message / one_way;
    2.0 * w.shape.layers * (eff.allreduce_latency_s + ring)
}

/// KV cache bytes of one sequence of `context` tokens on one GPU.
fn kv_bytes_per_sequence(w: &Workload, context: f64) -> f64 {
    2.0 * w.shape.layers
        * w.shape.kv_heads_per_gpu(w.gpus)
        * w.shape.head_dim()
        * context
        * w.bytes_per_kv
}

/// What one GPU holds: its share of the weights and of the KV cache at the longest context.
pub fn memory_use(w: &Workload, card: &Card) -> MemoryUse {
    MemoryUse {
        weights_bytes: w.params * w.bytes_per_weight / w.gpus,
        kv_cache_bytes: w.batch * kv_bytes_per_sequence(w, w.prompt + w.generate),
        capacity_bytes: card.memory_gb * 1e9,
    }
}

/// The roofline for one replica, or what it would take to fit when it does not.
pub fn serve(w: &Workload, card: &Card, eff: &Efficiency) -> Result<Served, DoesNotFit> {
    let memory = memory_use(w, card);
    if memory.total() > memory.capacity_bytes {
        return Err(does_not_fit(w, card, memory));
    }
    let peak = card.peak_tflops * 1e12 * eff.mfu;
    let bandwidth = card.hbm_gbs * 1e9 * eff.bandwidth;
    // The mean step: the context grows by one token a step, and a step's cost is linear in it.
    let context = w.prompt + w.generate / 2.0;
    let bytes = memory.weights_bytes + w.batch * kv_bytes_per_sequence(w, context);
    let decode_memory_s = bytes / bandwidth;
    let attention = 4.0 * w.shape.layers * w.shape.d_model * context;
    let decode_compute_s = w.batch * (2.0 * w.active_params + attention) / w.gpus / peak;
    let decode_allreduce_s = allreduce_s(w, card, eff, w.batch);
    let decode_step_s = decode_memory_s.max(decode_compute_s) + decode_allreduce_s;
    let decode_bound = if decode_memory_s >= decode_compute_s {
        Bound::Memory
    } else {
        Bound::Compute
    };
    // Prefill: every prompt token through the model, causal attention over half the square.
    let prompt_tokens = w.batch * w.prompt;
    let prefill_flop = prompt_tokens * 2.0 * w.active_params
        + w.batch * 2.0 * w.shape.layers * w.shape.d_model * w.prompt * w.prompt;
    let prefill_s = (prefill_flop / w.gpus / peak).max(memory.weights_bytes / bandwidth)
        + allreduce_s(w, card, eff, prompt_tokens);
    let request_s = prefill_s + w.generate * decode_step_s;
    Ok(Served {
        decode_step_s,
        decode_memory_s,
        decode_compute_s,
        decode_allreduce_s,
        decode_bound,
        decode_tokens_per_s: w.batch / decode_step_s,
        prefill_s,
        prefill_tokens_per_s: prompt_tokens / prefill_s,
        tokens_per_s: w.batch * (w.prompt + w.generate) / request_s,
        memory,
    })
}

/// Fewest GPUs that hold the replica at its batch, and the largest batch its GPUs hold.
fn does_not_fit(w: &Workload, card: &Card, memory: MemoryUse) -> DoesNotFit {
    let per_sequence = kv_bytes_per_sequence(w, w.prompt + w.generate);
    let room = memory.capacity_bytes - memory.weights_bytes;
    let max_batch = if room > 0.0 {
        (room / per_sequence).floor()
    } else {
        0.0
    };
    // More GPUs shard the weights and, down to one KV head each, the cache: try each count up
    // to one KV head a GPU; past it the cache per GPU stays put and only the weights shrink.
    let fits =
        |gpus: f64| memory_use(&Workload { gpus, ..*w }, card).total() <= memory.capacity_bytes;
    let heads_apart = w.shape.kv_heads.max(w.gpus);
    let mut g = w.gpus + 1.0;
    while g.is_finite() && g <= heads_apart && !fits(g) {
        g += 1.0;
    }
    let gpus = if !g.is_finite() || g <= heads_apart {
        g
    } else {
        let one_head = w.batch
            * kv_bytes_per_sequence(
                &Workload {
                    gpus: heads_apart,
                    ..*w
                },
                w.prompt + w.generate,
            );
        let room = memory.capacity_bytes - one_head;
        if room <= 0.0 {
            f64::INFINITY
        } else {
            // The smallest count past one head a GPU whose weight share fits the room left.
            let need = (w.params * w.bytes_per_weight / room)
                .ceil()
                .max(heads_apart + 1.0);
            if fits(need) { need } else { need + 1.0 }
        }
    };
    DoesNotFit {
        memory,
        gpus_needed: gpus,
        max_batch,
    }
}

/// What a fleet's serving needs beyond its inputs: its card's memory side, the bytes of its
/// precision, the sourced efficiency constants and the shape rule (from `presets/serving.ron`).
/// The peak and the achieved compute fraction are the fleet's inputs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FleetServing {
    /// The scenario's card; `None` when it names none with a sourced memory bandwidth and
    /// GPU-to-GPU bandwidth (then the roofline has nothing to read and the fleet serves no
    /// figure).
    pub card: Option<CardMemory>,
    /// Bytes per weight and per KV-cache value: 1 at FP8, 2 at BF16.
    pub bytes_per_value: f64,
    /// Achieved fraction of the peak memory bandwidth.
    pub bandwidth_efficiency: f64,
    pub allreduce_latency_s: f64,
    pub activation_bytes: f64,
    /// The shape rule for a bare parameter count ([`Shape::from_params`]).
    pub d_model_per_layer: f64,
    pub head_dim: f64,
    pub kv_heads: f64,
    /// Known runs' published shapes: a model within `nearest_within` (a fraction) of one's
    /// parameter count takes its shape rather than the rule's, as `serve --params` does.
    /// Sorted by `params`, smallest first (equal sizes in the file's order).
    pub known_shapes: &'static [KnownShape],
    pub nearest_within: f64,
}

/// A known run's published shape and total parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct KnownShape {
    pub name: String,
    pub params: f64,
    pub shape: Shape,
}

impl FleetServing {
    /// The shape of a model of `params` parameters: the nearest known run's within the stated
    /// tolerance (and its name), else the rule's.
    pub fn shape_for(&self, params: f64) -> (Shape, Option<&'static str>) {
        // Nearest on a log scale: the larger of the two ratios, which orders as |ln ratio|
        // does. The runs are sorted by size, so the nearest is the last one below `params` or
        // the first at or above it (the Monte Carlo asks for every sample): two ratios, not
        // one per known run. Equal sizes keep the file's order, and the first of them wins.
        let runs = self.known_shapes;
        let above = runs.partition_point(|k| k.params < params);
        let below = above
            .checked_sub(1)
            .map(|i| runs.partition_point(|k| k.params < runs[i].params));
        let ratio = |k: &KnownShape| (k.params / params).max(params / k.params);
        let nearest = below
            .into_iter()
            .chain((above < runs.len()).then_some(above))
            .map(|i| (&runs[i], ratio(&runs[i])))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        match nearest {
            Some((k, r)) if r <= 1.0 + self.nearest_within => (k.shape, Some(&k.name)),
            _ => (
                Shape::from_params(params, self.d_model_per_layer, self.head_dim, self.kv_heads),
                None,
            ),
        }
    }
}

/// A card's memory side: bandwidths and capacity (the peak is the fleet's input).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CardMemory {
    pub hbm_gbs: f64,
    pub interconnect_gbs: f64,
    pub memory_gb: f64,
}

/// What the fleet's serving share asks one replica to do.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FleetAsk {
    pub params: f64,
    pub active_params: f64,
    /// Dense peak of the fleet's card at its precision, TFLOP/s.
    pub peak_tflops: f64,
    /// Achieved fraction of that peak when compute-bound.
    pub mfu: f64,
    pub batch: f64,
    pub prompt: f64,
    pub generate: f64,
    /// GPUs per replica when typed; `None` = the smallest tensor-parallel group that holds the
    /// weights and the KV cache.
    pub gpus: Option<f64>,
}

/// One replica of the fleet's serving share: what it holds and serves.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Replica {
    pub workload: Workload,
    pub served: Served,
    /// The known run whose published shape the model takes; `None` = the shape rule's.
    pub shape_from: Option<&'static str>,
}

impl Replica {
    /// Prompt and generated tokens per second per GPU over whole requests: what a fleet of
    /// these replicas serves.
    pub fn tokens_per_s_per_gpu(&self) -> f64 {
        self.served.tokens_per_s / self.workload.gpus
    }

    /// Generated tokens per second per GPU while decoding.
    pub fn decode_tokens_per_s_per_gpu(&self) -> f64 {
        self.served.decode_tokens_per_s / self.workload.gpus
    }
}

/// Why the fleet's serving share has no roofline figure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Unserved {
    /// The scenario names no card with a sourced memory and GPU-to-GPU bandwidth.
    NoCard,
    /// The model and its cache do not fit the typed replica, or no replica holds them.
    DoesNotFit(DoesNotFit),
}

/// Largest replica the fleet's serving looks for: far past any tensor-parallel group.
const MAX_REPLICA_GPUS: f64 = 1e6;

/// The fleet's replica: the model in the rule's shape on the typed GPUs, or on the smallest
/// group that holds it.
pub fn fleet_replica(f: &FleetServing, ask: &FleetAsk) -> Result<Replica, Unserved> {
    let card = f.card.ok_or(Unserved::NoCard)?;
    let hardware = Card {
        peak_tflops: ask.peak_tflops,
        hbm_gbs: card.hbm_gbs,
        interconnect_gbs: card.interconnect_gbs,
        memory_gb: card.memory_gb,
    };
    let efficiency = Efficiency {
        bandwidth: f.bandwidth_efficiency,
        mfu: ask.mfu,
        allreduce_latency_s: f.allreduce_latency_s,
        activation_bytes: f.activation_bytes,
    };
    let (shape, shape_from) = f.shape_for(ask.params);
    let mut workload = Workload {
        params: ask.params,
        active_params: ask.active_params.min(ask.params),
        shape,
        gpus: ask.gpus.unwrap_or(1.0),
        batch: ask.batch,
        prompt: ask.prompt,
        generate: ask.generate,
        bytes_per_weight: f.bytes_per_value,
        bytes_per_kv: f.bytes_per_value,
    };
    let mut result = serve(&workload, &hardware, &efficiency);
    if let (Err(e), None) = (result, ask.gpus)
        && e.gpus_needed <= MAX_REPLICA_GPUS
    {
        workload.gpus = e.gpus_needed;
        result = serve(&workload, &hardware, &efficiency);
    }
    result
        .map(|served| Replica {
            workload,
            served,
            shape_from,
        })
        .map_err(Unserved::DoesNotFit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        ((a - b) / b).abs() <= rel
    }

    const LLAMA_65B: Shape = Shape {
        layers: 80.0,
        d_model: 8192.0,
        heads: 64.0,
        kv_heads: 64.0,
    };

    const A100: Card = Card {
        peak_tflops: 312.0,
        hbm_gbs: 2039.0,
        interconnect_gbs: 600.0,
        memory_gb: 80.0,
    };

    const IDEAL: Efficiency = Efficiency {
        bandwidth: 1.0,
        mfu: 1.0,
        allreduce_latency_s: 8e-6,
        activation_bytes: 2.0,
    };

    fn llama(gpus: f64, batch: f64) -> Workload {
        Workload {
            params: 65.2e9,
            active_params: 65.2e9,
            shape: LLAMA_65B,
            gpus,
            batch,
            prompt: 512.0,
            generate: 256.0,
            bytes_per_weight: 2.0,
            bytes_per_kv: 2.0,
        }
    }

    #[test]
    fn decode_by_hand() {
        // 8 × A100, batch 16, mean context 640: weights 130.4 GB / 8 = 16.3 GB; KV 2 × 80 ×
        // 8 heads × 128 × 640 × 2 B × 16 = 3.355 GB; (16.3 + 3.355) GB / 2,039 GB/s = 9.640 ms.
        let s = serve(&llama(8.0, 16.0), &A100, &IDEAL).unwrap();
        assert!(close(s.decode_memory_s, 19.655e9 / 2039e9, 1e-3), "{s:?}");
        // All-reduce: 160 × (8 µs + 1.75 × 16 × 8,192 × 2 B / 300 GB/s) = 1.525 ms.
        let ring = 1.75 * 16.0 * 8192.0 * 2.0 / 300e9;
        assert!(close(s.decode_allreduce_s, 160.0 * (8e-6 + ring), 1e-12));
        assert_eq!(s.decode_bound, Bound::Memory);
        assert!(close(
            s.decode_step_s,
            s.decode_memory_s + s.decode_allreduce_s,
            1e-12
        ));
        assert!(close(s.decode_tokens_per_s, 16.0 / s.decode_step_s, 1e-12));
        // KV cache held at the longest context, 768 tokens: 4.027 GB per GPU.
        assert!(close(s.memory.kv_cache_bytes, 4.026_531_84e9, 1e-9));
    }

    #[test]
    fn prefill_is_compute_bound_by_hand() {
        // 16 × 512 tokens × 2 × 65.2e9 + 16 × 2 × 80 × 8,192 × 512² FLOP over 8 × 312 TFLOP/s.
        let s = serve(&llama(8.0, 16.0), &A100, &IDEAL).unwrap();
        let flop = 8192.0 * 2.0 * 65.2e9 + 16.0 * 2.0 * 80.0 * 8192.0 * 512.0 * 512.0;
        let ring = 1.75 * 8192.0 * 8192.0 * 2.0 / 300e9;
        let want = flop / 8.0 / 312e12 + 160.0 * (8e-6 + ring);
        assert!(close(s.prefill_s, want, 1e-12), "{} {want}", s.prefill_s);
    }

    #[test]
    fn a_single_gpu_pays_no_all_reduce() {
        let w = Workload {
            params: 7e9,
            shape: Shape::from_params(7e9, 128.0, 128.0, 8.0),
            ..llama(1.0, 1.0)
        };
        let s = serve(&w, &A100, &IDEAL).unwrap();
        assert_eq!(s.decode_allreduce_s, 0.0);
    }

    #[test]
    fn the_shape_rule_recovers_gpt3_and_keeps_its_parameter_count() {
        // GPT-3 175B: 96 layers, d_model 12,288 (arXiv 2005.14165, Table 2.1).
        let s = Shape::from_params(175e9, 128.0, 128.0, 8.0);
        assert_eq!((s.layers, s.d_model, s.heads), (96.0, 12288.0, 96.0));
        assert_eq!(s.kv_heads, 8.0);
        // A 1 B model's width rounds to whole groups of 8 heads: 2,048 wide, 16 heads, 8 KV
        // heads (not 17 heads, which group only as 17 or 1), and 20 layers rather than 17 hold
        // its parameters: 12 × 20 × 2,048² = 1.007 B.
        let small = Shape::from_params(1e9, 128.0, 128.0, 8.0);
        assert_eq!(
            (small.layers, small.d_model, small.heads, small.kv_heads),
            (20.0, 2048.0, 16.0, 8.0)
        );
        // The compute-optimal size of a 350k-H100 quarter (2.5 T) has whole groups of heads,
        // not a prime 233 with one KV head.
        let big = Shape::from_params(2.51e12, 128.0, 128.0, 8.0);
        assert_eq!((big.heads % 8.0, big.kv_heads), (0.0, 8.0));
        for n in [1e9, 7e9, 70e9, 1e12, 10e12] {
            let s = Shape::from_params(n, 128.0, 128.0, 8.0);
            let back = 12.0 * s.layers * s.d_model * s.d_model;
            assert!(close(back, n, 0.1), "{n}: {s:?} holds {back}");
        }
    }

    #[test]
    fn a_model_too_large_is_refused_with_what_would_fit() {
        let w = Workload {
            params: 1e12,
            active_params: 1e12,
            shape: Shape::from_params(1e12, 128.0, 128.0, 8.0),
            ..llama(1.0, 1.0)
        };
        let e = serve(&w, &A100, &IDEAL).unwrap_err();
        assert_eq!(e.memory.weights_bytes, 2e12);
        assert_eq!(e.max_batch, 0.0);
        // 2 TB of weights plus the cache over 80 GB cards: at least 26 GPUs.
        assert!(e.gpus_needed >= 26.0 && e.gpus_needed <= 27.0, "{e:?}");
        let fits = Workload {
            gpus: e.gpus_needed,
            ..w
        };
        assert!(serve(&fits, &A100, &IDEAL).is_ok());
    }

    #[test]
    fn a_batch_too_large_names_the_largest_that_fits() {
        let e = serve(&llama(8.0, 1000.0), &A100, &IDEAL).unwrap_err();
        assert!(e.max_batch > 16.0 && e.max_batch < 1000.0, "{e:?}");
        assert!(serve(&llama(8.0, e.max_batch), &A100, &IDEAL).is_ok());
        assert!(serve(&llama(8.0, e.max_batch + 1.0), &A100, &IDEAL).is_err());
    }

    const H100_MEMORY: CardMemory = CardMemory {
        hbm_gbs: 3350.0,
        interconnect_gbs: 900.0,
        memory_gb: 80.0,
    };

    fn fleet() -> FleetServing {
        FleetServing {
            card: Some(H100_MEMORY),
            bytes_per_value: 2.0,
            bandwidth_efficiency: 1.0,
            allreduce_latency_s: 8e-6,
            activation_bytes: 2.0,
            d_model_per_layer: 128.0,
            head_dim: 128.0,
            kv_heads: 8.0,
            known_shapes: &[],
            nearest_within: 0.1,
        }
    }

    #[test]
    fn a_model_near_a_known_run_takes_its_shape() {
        static KNOWN: std::sync::LazyLock<Vec<KnownShape>> = std::sync::LazyLock::new(|| {
            vec![KnownShape {
                name: "LLaMA-65B".into(),
                params: 65.2e9,
                shape: LLAMA_65B,
            }]
        });
        let f = FleetServing {
            known_shapes: &KNOWN,
            ..fleet()
        };
        assert_eq!(f.shape_for(70e9), (LLAMA_65B, Some("LLaMA-65B")));
        // 80 B is 23 % off: the rule.
        assert_eq!(f.shape_for(80e9).1, None);
    }

    fn ask(params: f64, gpus: Option<f64>) -> FleetAsk {
        FleetAsk {
            params,
            active_params: params,
            peak_tflops: 989.0,
            mfu: 1.0,
            batch: 1.0,
            prompt: 512.0,
            generate: 256.0,
            gpus,
        }
    }

    #[test]
    fn the_fleet_replica_is_the_smallest_group_that_holds_the_model() {
        // 1 T parameters in BF16 are 2 TB of weights: 25 × 80 GB holds 2 TB exactly, so the
        // cache needs a 26th GPU, as `serve` says of one GPU.
        let r = fleet_replica(&fleet(), &ask(1e12, None)).unwrap();
        assert_eq!(r.workload.gpus, 26.0);
        assert!(r.served.memory.total() <= 80e9);
        let fewer = fleet_replica(&fleet(), &ask(1e12, Some(25.0)));
        assert!(matches!(fewer, Err(Unserved::DoesNotFit(_))), "{fewer:?}");
        // 7 B parameters fit one GPU: 14 GB of weights read at 3,350 GB/s each step, batch 1,
        // mean context 640; the rule's shape is 4,096 wide (4 groups of 8 × 128; 4,204 by the
        // aspect ratio) and 35 layers deep (33 at that width would hold 5 % too few), 32 heads,
        // 8 KV heads: KV 2 × 35 × 8 × 128 × 640 × 2 B = 91.8 MB.
        let r = fleet_replica(&fleet(), &ask(7e9, None)).unwrap();
        assert_eq!(r.workload.gpus, 1.0);
        let kv = 2.0 * 35.0 * 8.0 * 128.0 * 640.0 * 2.0;
        assert_eq!(
            (r.workload.shape.layers, r.workload.shape.kv_heads),
            (35.0, 8.0)
        );
        assert!(close(r.served.decode_memory_s, (14e9 + kv) / 3350e9, 1e-9));
        assert!(close(
            r.decode_tokens_per_s_per_gpu(),
            1.0 / r.served.decode_step_s,
            1e-12
        ));
        assert_eq!(r.served.decode_bound, Bound::Memory);
    }

    #[test]
    fn no_card_no_roofline() {
        let f = FleetServing {
            card: None,
            ..fleet()
        };
        assert_eq!(fleet_replica(&f, &ask(7e9, None)), Err(Unserved::NoCard));
    }
}
