//! `kind: cm`, the binary context mixer: it codes every alphabet bit for bit back, and its
//! settings read back from a header's words.

use crate::model_spec::ModelSpec;

fn spec(line: &str) -> ModelSpec {
    let words: Vec<String> = line.split(' ').map(String::from).collect();
    ModelSpec::from_words(&words).unwrap()
}

/// A sequence over `m` symbols with structure at several orders, and some noise.
fn structured(m: usize, n: usize) -> Vec<u8> {
    let mut state = 7u64;
    (0..n)
        .map(|i| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let noise = (state >> 60) == 0;
            let s = (i / 3 + i * i / 7 + if noise { (state >> 40) as usize } else { 0 }) % m;
            s as u8
        })
        .collect()
}

#[test]
fn every_alphabet_decodes_bit_for_bit() {
    for m in [2, 3, 5, 16, 36, 256] {
        for line in [
            "cm",
            "cm order=2 table_bits=12 sets=off apm=off limit=30",
            "cm order=3 table_bits=12 apm2=on linear=on",
            V9,
            "cm engine=lean",
            "cm engine=lean table_bits=10 e8e9=off",
        ] {
            let data = structured(m, 3000);
            let codec = spec(line).build(m, 0, 1);
            let bytes = codec.compress(&data).unwrap().bytes;
            let back = codec
                .decompress(&bytes)
                .unwrap_or_else(|e| panic!("{line} M={m}: {e:?}"));
            assert_eq!(back, data, "{line} M={m}");
        }
    }
}

/// The settings a version-9 header's cm model had.
const V9: &str =
    "cm apm2=off linear=off history=off mixer_shift=11 mixer2=off word=off sparse=off column=off";

/// Each part version 10 added, switched off alone, leaves a model that decodes, and each pays
/// even on 6 KB of text (the weight sets of version 9 need more: docs/cm.md measures them).
#[test]
fn each_part_decodes_alone_and_pays_on_text() {
    let text = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../experiments/data/sample.txt"
    ))
    .unwrap();
    let size = |line: &str| {
        let codec = spec(line).build(256, 0, 1);
        let bytes = codec.compress(&text).unwrap().bytes;
        assert_eq!(codec.decompress(&bytes).unwrap(), text, "{line}");
        bytes.len()
    };
    let all = size("cm table_bits=16");
    for part in ["history", "mixer2", "word", "sparse", "column"] {
        let without = size(&format!("cm table_bits=16 {part}=off"));
        assert!(without > all, "{part}: {without} bytes without, {all} with");
    }
}

#[test]
fn its_words_read_back_and_name_what_differs() {
    let default = spec("cm");
    assert_eq!(
        (default.label(), default.spec_line()),
        ("cm-o6".into(), "cm".into())
    );
    let line = "cm order=3 table_bits=16 apm=off";
    let other = spec(line);
    assert_eq!(other.spec_line(), line);
    assert_eq!(other.label(), "cm-o3-t16-apm-off");
    assert_eq!(
        other.params(),
        "order=3 table_bits=16 limit=127 sets=on apm=off apm2=off linear=off history=on \
         mixer_shift=12 mixer2=on word=on sparse=on column=on e8e9=on kt=on ways=2 exact_split=on bytes=on engine=full"
    );
    let error = ModelSpec::from_words(&["cm".into(), "order=25".into()]).unwrap_err();
    assert!(format!("{error:#}").contains("order"), "{error:#}");
}

/// A repeated text costs almost nothing once seen: the contexts and the mixer learn it.
#[test]
fn a_repeat_is_nearly_free() {
    let text = b"the quick brown fox jumps over the lazy dog; ".repeat(200);
    for line in ["cm", "cm engine=lean"] {
        let bytes = spec(line).build(256, 0, 1).compress(&text).unwrap().bytes;
        let bps = 8.0 * bytes.len() as f64 / text.len() as f64;
        assert!(bps < 0.15, "{line}: {bps} bits/symbol");
    }
}

/// The lean engine (the fast level) reads its table size and the call transform, names
/// itself in its words, and refuses the full engine's settings, naming the one given; on
/// text it codes between order-2 and the full engine.
#[test]
fn the_lean_engine_is_named_read_back_and_refuses_the_full_engines_parts() {
    let lean = spec("cm engine=lean table_bits=16");
    assert_eq!(lean.label(), "cm-o6-t16-engine-lean");
    assert_eq!(lean.spec_line(), "cm table_bits=16 engine=lean");
    assert_eq!(spec(&lean.spec_line()), lean);
    for part in ["order=3", "history=off", "kt=off", "ways=1"] {
        let words: Vec<String> = ["cm", "engine=lean", part].map(String::from).to_vec();
        let error = format!("{:#}", ModelSpec::from_words(&words).unwrap_err());
        let name = part.split('=').next().unwrap();
        assert!(
            error.contains(&format!("`{name}` sets a part of cm's full engine")),
            "{error}"
        );
    }
    let text = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../experiments/data/sample.txt"
    ))
    .unwrap();
    let size = |line: &str| {
        spec(line)
            .build(256, 0, 1)
            .compress(&text)
            .unwrap()
            .bytes
            .len()
    };
    let (order2, lean, full) = (size("order k=2"), size("cm engine=lean"), size("cm"));
    assert!(full < lean && lean < order2, "{full} < {lean} < {order2}");
}

/// With a neural input (a recurrent model or a Transformer), every alphabet decodes bit for
/// bit: the decoder's model learns from the symbols as the encoder's did.
#[test]
fn a_neural_input_decodes_bit_for_bit_on_every_alphabet() {
    for m in [2, 3, 5, 16, 256] {
        for line in [
            "cm order=2 table_bits=12 neural=chgru hidden=8 bptt=8",
            "cm order=1 table_bits=12 mixer2=off neural=lstm hidden=4 bptt=4",
            "cm order=1 table_bits=12 neural=transformer d_model=8 heads=1 layers=1 context=8 segment=8",
            "cm engine=lean table_bits=12 neural=chgru hidden=8 bptt=8",
        ] {
            let data = structured(m, 600);
            let codec = spec(line).build(m, 3, 1);
            let bytes = codec.compress(&data).unwrap().bytes;
            assert_eq!(codec.decompress(&bytes).unwrap(), data, "{line} M={m}");
        }
    }
}

#[test]
fn a_neural_input_is_named_in_its_words_and_read_back() {
    let line = "cm order=3 neural=chgru hidden=16 bptt=8";
    let with = spec(line);
    assert_eq!(with.label(), "cm-o3+chgru-16-bptt8");
    assert_eq!(with.spec_line(), line);
    assert_eq!(spec(&with.spec_line()), with);
    assert_eq!(crate::model_spec::versions::written_version(line), 13);
    assert!(with.is_recurrent() && with.parameter_count(2) > 0);
    let transformer = spec("cm neural=transformer d_model=16");
    assert_eq!(transformer.label(), "cm-o6+transformer-L2-d16");
    assert_eq!(spec(&transformer.spec_line()), transformer);
}

#[test]
fn a_neural_input_it_cannot_take_is_refused_with_the_reason() {
    let error = |line: &str| {
        let words: Vec<String> = line.split(' ').map(String::from).collect();
        format!("{:#}", ModelSpec::from_words(&words).unwrap_err())
    };
    assert!(error("cm neural=gzip").contains("expected a neural kind"));
    assert!(error("cm neural=chgru streams=4").contains("cm codes one stream"));
    assert!(error("cm hidden=16").contains("unknown field `hidden`"));
    assert!(error("cm neural=chgru experts=[match]").contains("unknown field `experts`"));
    assert!(error("cm neural=chgru d_model=16").contains("d_model"));
}

/// Code with calls to a few functions from many places (E8/E9 and a relative operand), over
/// all 256 byte values: the call transform decodes bit for bit and pays; on fewer symbols
/// (not bytes) it stays off and changes nothing.
#[test]
fn the_call_transform_decodes_and_pays_on_code() {
    let mut state = 5u64;
    let mut code: Vec<u8> = (0..=255).collect();
    while code.len() < 40_000 {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
        let target = 0x1000 + 0x40 * (state >> 61) as i64;
        let rel = (target - (code.len() as i64 + 5)) as i32;
        code.push(if state >> 32 & 1 == 0 { 0xE8 } else { 0xE9 });
        code.extend(rel.to_le_bytes());
        code.extend((0..(state >> 40) % 7).map(|i| (0x40 + i * 3) as u8));
    }
    let size = |line: &str, data: &[u8], m: usize| {
        let codec = spec(line).build(m, 0, 1);
        let bytes = codec.compress(data).unwrap().bytes;
        assert_eq!(codec.decompress(&bytes).unwrap(), data, "{line}");
        bytes.len()
    };
    let (on, off) = (size("cm", &code, 256), size("cm e8e9=off", &code, 256));
    // 4,560 bytes against 9,941: the targets repeat where the relative operands do not.
    assert!(on * 2 < off, "{on} bytes with the transform, {off} without");
    // The same payload: only the header's words differ.
    let symbols: Vec<u8> = code.iter().map(|&b| b % 250).collect();
    let off = size("cm e8e9=off", &symbols, 250);
    assert_eq!(size("cm", &symbols, 250) + " e8e9=off".len(), off);
}

/// On a stationary chain of order k the last stage (`kt`) codes cm's bits at the cost of the
/// order-k count model's, to a few bytes; without it cm pays its mixers' learning.
#[test]
fn the_last_stage_codes_a_chain_as_the_count_model_does() {
    use generators::{MarkovChain, Source};
    let chain = Source::MarkovChain(MarkovChain::new(4, 2, 1.0, None).unwrap());
    let data = chain.generate(30_000, 3).unwrap();
    let payload = |line: &str| {
        let codec = spec(line).build(4, 0, 1);
        let coded = codec.compress(&data).unwrap();
        assert_eq!(codec.decompress(&coded.bytes).unwrap(), data, "{line}");
        coded.bytes.len() - line.len()
    };
    let (order, cm, off) = (
        payload("order k=2"),
        payload("cm order=2"),
        payload("cm order=2 kt=off"),
    );
    assert!(cm <= order + 12, "cm {cm} bytes, order-2 {order}");
    assert!(
        off > order + 40,
        "without the last stage {off} bytes, order-2 {order}"
    );
}

/// `line`'s model coding `data`, symbols standing for `values`, and decoding it back: the
/// coded bytes.
fn round_trip_over(line: &str, values: &[u8], data: &[u8]) -> Vec<u8> {
    use crate::driver;
    use crate::predict::{bits::Values, Run};
    let (m, n) = (values.len(), data.len());
    let run = Run {
        alphabet: m,
        values: Values::of(values),
        length: n as u64,
        seed: 1,
        decompress: false,
    };
    let model = || spec(line).predictor(run, 1, &[]).unwrap();
    let mut coded = Vec::new();
    let fill = |_: &_, t: usize, step: &mut [u8]| {
        step[0] = data[t];
        Ok(())
    };
    let sink = |bytes: &[u8]| {
        coded.extend_from_slice(bytes);
        Ok(())
    };
    driver::encode(model().as_mut(), m, n, fill, sink, None, None).unwrap();
    let mut back = Vec::new();
    let put = |_: &_, _: usize, step: &[u8]| {
        back.push(step[0]);
        Ok(())
    };
    driver::decode(model().as_mut(), m, n, &coded[..], put, None)
        .unwrap_or_else(|e| panic!("{line} {values:?}: {e:?}"));
    assert_eq!(back, data, "{line} {values:?}");
    coded
}

/// Coded as the bytes they stand for (`bytes`, the default), symbols decode bit for bit
/// whatever values they stand for: values that fill their bits, that leave gaps (bits forced
/// to 0 and to 1), a text's; with both engines, with a neural input and without.
#[test]
fn symbols_coded_as_their_bytes_decode_bit_for_bit() {
    let text: Vec<u8> = std::iter::once(b'\n').chain(b' '..=b'~').collect();
    let sets: [&[u8]; 5] = [
        &[0, 255],
        &[1, 4, 6],
        &[3, 7, 8, 200, 201, 202],
        &text,
        b"\nACGT",
    ];
    for values in sets {
        let data = structured(values.len(), 2000);
        for line in [
            "cm",
            "cm order=2 table_bits=12 neural=chgru hidden=8",
            "cm engine=lean table_bits=12",
            "cm engine=lean table_bits=12 neural=chgru hidden=8",
        ] {
            round_trip_over(line, values, &data);
        }
    }
}

/// A text's symbols coded as its bytes let cm's word and line contexts see its letters and
/// newlines, and its bits ASCII's: experiments/data/sample.txt (36 values) codes smaller than
/// as the symbols' indices, with either engine.
#[test]
fn a_text_codes_smaller_as_its_bytes() {
    let text = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../experiments/data/sample.txt"
    ))
    .unwrap();
    let mut seen = [false; 256];
    text.iter().for_each(|&b| seen[b as usize] = true);
    let values = generators::occurring_values(&seen);
    let symbol_of = generators::symbol_table(&values);
    let symbols: Vec<u8> = text.iter().map(|&b| symbol_of[b as usize]).collect();
    for line in ["cm", "cm engine=lean"] {
        let bytes = round_trip_over(line, &values, &symbols).len();
        let indices = round_trip_over(&format!("{line} bytes=off"), &values, &symbols).len();
        assert!(bytes < indices, "{line}: {bytes} against {indices}");
    }
}
