#!/bin/sh
# `agi-compute serve` beside llm-analysis 0.2.2's `infer` (https://github.com/cli99/llm-analysis)
# on the same configuration: LLaMA-65B, 8 x A100-SXM-80GB, tensor parallel 8, batch 16, prompt
# 512, 256 generated, BF16. Twice: both efficiencies at 1.0 (llm-analysis's defaults), then
# agi-compute's sourced efficiencies (presets/serving.ron) passed to llm-analysis as achieved
# TFLOP/s and GB/s. Installs llm-analysis into a venv ($VENV) on first use. Not run by CI;
# BENCHMARKS.md quotes its output.
set -eu
VENV=${VENV:-target/llm-analysis-venv}
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import llm_analysis' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet llm-analysis==0.2.2
fi
cargo build --release --quiet
BIN=target/release/agi-compute
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
SETUP="--tp_size 8 --batch_size_per_gpu 16 --seq_len 512 --num_tokens_to_generate 256"
ours() { "$BIN" serve --run llama-65b --accelerator a100-80gb --gpus 8 --batch 16 --prompt 512 --generate 256 --format json "$@"; }
theirs() {
    "$VENV/bin/python" -m llm_analysis.analysis infer --model_name decapoda-research_llama-65b-hf \
        --gpu_name a100-sxm-80gb --dtype_name w16a16e16 $SETUP --log_level ERROR "$@" 2>/dev/null
}
ours --bandwidth-efficiency 1 --mfu 1 > "$DIR/ours-ideal.json"
theirs > "$DIR/theirs-ideal.txt"
ours > "$DIR/ours-sourced.json"
"$VENV/bin/python" - "$DIR" <<'PY'
import json, re, subprocess, sys, os
d = sys.argv[1]
ours = json.load(open(f"{d}/ours-sourced.json"))
bw, mfu = ours["bandwidth_efficiency"]["value"], ours["mfu"]["value"]
# A100-SXM-80GB peaks as llm-analysis's gpu config has them: 312 TFLOP/s, 2,039 GB/s.
open(f"{d}/efficiencies", "w").write(f"{312 * mfu} {2039 * bw} {bw} {mfu}\n")
PY
read -r TFLOPS GBS BW MFU < "$DIR/efficiencies"
theirs --achieved_tflops "$TFLOPS" --achieved_memory_bandwidth_GBs "$GBS" > "$DIR/theirs-sourced.txt"
"$VENV/bin/python" - "$DIR" "$BW" "$MFU" <<'PY'
import json, sys
d, bw, mfu = sys.argv[1], sys.argv[2], sys.argv[3]
def theirs(name):
    text = open(f"{d}/{name}").read()
    return json.loads(text[text.index("{"):text.rindex("}") + 1])
print("| efficiencies | quantity | agi-compute | llm-analysis 0.2.2 | agi-compute / llm-analysis |")
print("|---|---|---:|---:|---:|")
for label, o, t in [
    ("1.0 / 1.0", "ours-ideal.json", "theirs-ideal.txt"),
    (f"bandwidth {bw}, MFU {mfu}", "ours-sourced.json", "theirs-sourced.txt"),
]:
    o, t = json.load(open(f"{d}/{o}")), theirs(t)
    for q, ok, tk in [
        ("decode tokens/s", "decode_tokens_per_s", "decode_tokens_per_sec"),
        ("prefill tokens/s", "prefill_tokens_per_s", "prefill_tokens_per_sec"),
        ("decode step, ms", "per_token_latency_s", "decode_latency"),
        ("time to first token, ms", "time_to_first_token_s", "prefill_latency"),
    ]:
        a, b = o[ok], t[tk]
        if q.endswith("ms"):
            a, b = a * 1e3, b * 1e3
        print(f"| {label} | {q} | {a:,.1f} | {b:,.1f} | {a / b:.3f} |")
    print(f"| {label} | KV cache per GPU, GB | {o['memory_per_gpu_bytes']['kv_cache'] / 1e9:.2f} | {t['kv_cache_memory_per_gpu'] / 1e9:.2f} | |")
    print(f"| {label} | weights per GPU, GB | {o['memory_per_gpu_bytes']['weights'] / 1e9:.2f} | {t['weight_memory_per_gpu'] / 1e9:.2f} | |")
PY
