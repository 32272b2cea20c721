# The model settings the cross-CPU and cross-architecture checks cover, as a `.dz` header,
# `dz compress` and `bench compress --spec` write them (kind, then key=value: one syntax, one
# parser), sourced by .ci/cross_cpu.sh and .ci/cross_arch.sh. Together they reach every cell, the recipes, embeddings, stacked layers,
# context features, the sliding schedule with the order-0 expert, orthogonal init, parallel
# streams, the Transformer, the count model, and the experts (match model, order-k experts, mixer) with
# a model over parallel streams and alone, and priors (an LSTM's, a frozen Transformer's) trained
# on a family of 36-symbol chains (experiments/data/sample.txt has 36 byte values), which every
# machine rebuilds from the words, and models trained on the input itself (a ChGRU at f16, a
# frozen Transformer at bf16), whose weights the file stores; and the binary context mixer (cm),
# coded bit by bit, with and without its weight sets and APM, and with its second APM and linear
# inputs without bit histories, and with a ChGRU's distribution as an input, and its lean engine
# (`bench compress --fast`), each coding the symbols as their bytes (`bytes`, the default) with
# the range split exactly at each bit, and one coding their indices through 16-bit tables
# (`bytes=off exact_split=off`, every cm file before version 13). The retired `mix=order0` blend is covered by the
# fixture tests/fixtures/sample.v4.feat8-orth-mix.dz, which cross_arch.sh decodes.
MODELS=(
  "chgru hidden=32"
  "lstm hidden=16 streams=4"
  "feat hidden=16 window=8"
  "feat hidden=16 window=8 layers=2 embed=4 contexts=3 streams=5"
  "chrnn hidden=24"
  "chgru hidden=16 schedule=sliding streams=3 experts=[order0] init=orthogonal"
  "chgru hidden=16 recipe=tuned"
  "transformer d_model=16 heads=2 context=40 streams=3"
  "order k=3"
  "chgru hidden=16 streams=3 experts=[match,order2]"
  "mixer experts=[match,order1,order3]"
  "lstm hidden=8 pretrain.on=family pretrain.sequences=8 pretrain.length=300 pretrain.batch=4 pretrain.family=M=36;order=1;alpha=0.5"
  "transformer d_model=16 heads=2 context=40 pretrain.on=family pretrain.sequences=6 pretrain.length=200 pretrain.batch=3 pretrain.after=frozen pretrain.family=M=36;order=0;alpha=1"
  "chgru hidden=16 streams=2 pretrain.on=self pretrain.precision=f16"
  "transformer d_model=16 heads=2 context=40 pretrain.on=self pretrain.epochs=2 pretrain.after=frozen pretrain.precision=bf16"
  "cm"
  "cm order=3 table_bits=16 sets=off apm=off"
  "cm order=3 table_bits=16 apm2=on linear=on mixer_shift=10 column=off history=off"
  "cm order=2 table_bits=16 neural=chgru hidden=16"
  "cm engine=lean"
  "cm order=3 table_bits=16 bytes=off exact_split=off"
)
