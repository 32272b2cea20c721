//! The container's header: round trips, each malformed field refused with its name, and the
//! weights section (from version 8) and its flag byte (from version 13).

use super::*;

fn sample() -> Vec<u8> {
    let mut out = Header {
        version: 5,
        spec: "order k=3".into(),
        seed: 7,
        map: vec![b'a', b'c', b'g', b't'],
        length: 4,
        crc32: crc32fast::hash(b"acgt"),
        weights: Vec::new(),
    }
    .to_bytes();
    out.extend_from_slice(&[9; 16]);
    out
}

#[test]
fn header_roundtrips() {
    let bytes = sample();
    let (h, payload) = Header::parse(&bytes).unwrap();
    assert_eq!(
        (h.version, h.spec.as_str(), h.seed, h.alphabet(), h.length),
        (5, "order k=3", 7, 4, 4)
    );
    // Any version it reads is handed over as written, the spec untouched.
    for version in *VERSIONS.start()..WEIGHTS_SINCE {
        let mut old = bytes.clone();
        old[4] = version;
        let h = Header::parse(&old).unwrap().0;
        assert_eq!((h.version, h.spec.as_str()), (version, "order k=3"));
    }
    assert_eq!(payload, &[9; 16]);
    assert!(h.verify(crc32fast::hash(b"acgt")).is_ok());
    assert_eq!(h.verify(0), Err(ContainerError::Checksum));
    let identity = Header {
        map: (0..=255).collect(),
        ..h
    };
    let bytes = identity.to_bytes();
    assert_eq!(bytes.len(), 4 + 1 + 2 + 9 + 8 + 2 + 1 + 8 + 4);
    assert_eq!(Header::parse(&bytes).unwrap().0, identity);
}

#[test]
fn rejects_each_bad_header() {
    let good = sample();
    for cut in 0..good.len() - 16 {
        assert_eq!(
            Header::parse(&good[..cut]),
            Err(ContainerError::Truncated),
            "cut {cut}"
        );
    }
    let mut bad = good.clone();
    bad[0] = b'X';
    assert_eq!(Header::parse(&bad), Err(ContainerError::BadMagic));
    let mut bad = good.clone();
    bad[4] = 14;
    assert_eq!(Header::parse(&bad), Err(ContainerError::UnknownVersion(14)));
    bad[4] = 0;
    assert_eq!(Header::parse(&bad), Err(ContainerError::UnknownVersion(0)));
    let alphabet_at = 4 + 1 + 2 + 9 + 8;
    for (at, value, field) in [
        (alphabet_at, 1, "alphabet"),
        (alphabet_at + 1, 2, "alphabet"),
        (alphabet_at + 2, 7, "alphabet"),
        (alphabet_at + 4, b'a', "alphabet"),
        (alphabet_at + 3 + 4 + 7, 0x7f, "length"),
        (6, 0xff, "spec"),
    ] {
        let mut bad = good.clone();
        bad[at] = value;
        match Header::parse(&bad) {
            Err(ContainerError::BadField { field: f, .. }) => assert_eq!(f, field),
            other => panic!("byte {at} = {value}: {other:?}"),
        }
    }
}

#[test]
fn weights_section_roundtrips_and_is_checked() {
    let header = Header {
        version: WEIGHTS_SINCE,
        spec: "chrnn pretrain.on=self".into(),
        seed: 1,
        map: vec![0, 1],
        length: 3,
        crc32: 5,
        weights: vec![1, 2, 3, 4, 5],
    };
    let mut bytes = header.to_bytes();
    let section = bytes.len() - 4 - 5;
    bytes.extend_from_slice(&[7; 8]);
    let (read, payload) = Header::parse(&bytes).unwrap();
    assert_eq!((read, payload), (header.clone(), &[7u8; 8][..]));
    // A flipped weight byte, a forged length, a cut section.
    let mut bad = bytes.clone();
    bad[section + 2] ^= 1;
    assert!(matches!(
        Header::parse(&bad),
        Err(ContainerError::BadField {
            field: "weights",
            ..
        })
    ));
    let mut forged = bytes.clone();
    forged[section - 4..section].copy_from_slice(&u32::MAX.to_le_bytes());
    assert_eq!(Header::parse(&forged), Err(ContainerError::Truncated));
    assert_eq!(
        Header::parse(&bytes[..section + 3]),
        Err(ContainerError::Truncated)
    );
    // Before version 8 no section is written, whatever the field holds.
    let old = Header {
        version: 7,
        ..header.clone()
    };
    assert_eq!(old.to_bytes().len(), section - 4);
    // From version 13 a byte says whether it follows: none costs that byte alone, one
    // reads back; an unknown flag or a cut section is refused.
    let empty = Header {
        version: FLAGGED_WEIGHTS_SINCE,
        weights: Vec::new(),
        ..header.clone()
    };
    assert_eq!(empty.to_bytes().len(), section - 4 + 1);
    assert_eq!(Header::parse(&empty.to_bytes()).unwrap().0, empty);
    let full = Header {
        version: FLAGGED_WEIGHTS_SINCE,
        ..header
    };
    let mut bytes = full.to_bytes();
    assert_eq!(bytes.len(), section + 5 + 4 + 1);
    assert_eq!(Header::parse(&bytes).unwrap().0, full);
    assert_eq!(
        Header::parse(&bytes[..section + 4]),
        Err(ContainerError::Truncated)
    );
    bytes[section - 4] = 2;
    assert!(matches!(
        Header::parse(&bytes),
        Err(ContainerError::BadField {
            field: "weights",
            ..
        })
    ));
}
