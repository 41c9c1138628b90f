#!/usr/bin/env python3
"""Deterministic JSON Lines test data for tests/spark/run.sh.

    gen_data.py OUTDIR

writes
  OUTDIR/sample.jsonl        the main data set: a few hundred news records
                             whose `text` has artifacts the default glossary
                             fixes, other fields with unicode, escapes,
                             numbers and nested objects, and clean records
  OUTDIR/robust/a-crlf.jsonl CRLF line ends, whitespace-only and empty lines
  OUTDIR/robust/b-bad.jsonl  records mtfix refuses between good ones
  OUTDIR/robust/c-extra.jsonl records only the extra glossary fixes; no final newline
  OUTDIR/robust/_SUCCESS, .hidden.jsonl   must be skipped by the job
  OUTDIR/extra-rules.yaml    the extra glossary for the robust run
  OUTDIR/bad-lines.json      {"b-bad.jsonl": [1-based lines mtfix refuses]}

The sentences are written for this test; nothing is copied from real articles.
"""

import json
import os
import random
import sys

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
CITIES = ["Seoul", "Busan", "Incheon", "Gwangju", "Daejeon"]
TOPICS = [
    "the two sides should keep talking",
    "rail links across the border would be surveyed",
    "family reunions could resume before the harvest festival",
    "sanctions relief must follow verifiable steps",
    "the armistice line would see fewer guard posts",
]

# Sentences with artifacts the embedded glossary fixes (each keeps the
# context its entry needs: Korea, Seoul, Pyongyang, ...).
DIRTY = [
    "South Korean President Wen Zai said on {day} in {city} that {topic}.",
    "Officials in {city} said the Korean-Korean liaison office would reopen after {topic}.",
    "The Korean-Korean military talks at Panmunjom ended on {day} without a joint statement.",
    "US special envoy Stephen Bacon arrived in Seoul on {day} to prepare working-level talks with Pyongyang.",
    "Satellite images taken on {day} show trucks near the Fengxili nuclear test site in North Korea.",
    "Seoul hopes the second Golden Conference will produce a timetable, an aide to Wen Zai said.",
    "Pyongyang wants a staging and simultaneous process, a Korean diplomat in {city} said on {day}.",
    "Data map: South Korean President Wen Zai visits a factory in {city}.",
    "The Korean-Korean summit in Pyongyang ended with a pledge on {topic}, Wen Zai told reporters.",
    "North Korean leader Jin Zhengen met envoys from Seoul on {day}.",
]

# Clean sentences, including decoys the glossary must leave alone.
CLEAN = [
    "The central bank left interest rates unchanged on {day}, citing weaker exports.",
    "Former Chinese premier Wen Jiabao visited a village school in Hunan on {day}.",
    "Traffic on the Golden Gate Bridge was slowed by fog on {day} morning.",
    "Rainfall in {city} was twice the seasonal average, the weather agency said.",
    "South Korean President Moon Jae-in met inter-Korean negotiators in {city} on {day}.",
]

# Unicode for the fields that must pass through untouched, raw or escaped.
UNICODE_RAW = ["문재인 대통령", "文在寅", "平壤", "naïve café", "€ 1 234,50", "🙂 emoji", "שלום", "e\u0301 combining", "tab\\there"]
UNICODE_ESC = ["\\u00e9t\\u00e9", "\\ud83d\\ude42", "\\u2014 dash", "quote \\\" inside", "back\\\\slash", "slash \\/ kept", "line\\nbreak", "\\u0000 nul escape"]
NUMBERS = ["0", "-0", "1.50e3", "1E+2", "-12.5000", "123456789012345678901234567890", "3.14159", "1e-7"]


def json_str(s):
    """A JSON string literal, non-ASCII kept raw."""
    return json.dumps(s, ensure_ascii=False)


def sample_record(rng, i):
    kind = rng.random()
    fmt = dict(day=rng.choice(DAYS), city=rng.choice(CITIES), topic=rng.choice(TOPICS))
    if kind < 0.12:
        text = rng.choice(CLEAN).format(**fmt)
    else:
        parts = [rng.choice(DIRTY).format(**fmt) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.3:
            parts.insert(0, rng.choice(CLEAN).format(**fmt))
        text = " ".join(parts)
    text_lit = json_str(text)
    # Escapes inside the target too: an escaped letter in an artifact, quotes,
    # a paragraph break, a non-ASCII letter written as \u escape.
    r = rng.random()
    if r < 0.08:
        text_lit = text_lit.replace("Wen Zai", "W\\u0065n Zai", 1)
    elif r < 0.16:
        text_lit = text_lit.replace("Korean-Korean", "\\\"Korean-Korean\\\"", 1)
    elif r < 0.24:
        text_lit = text_lit[:-1] + "\\n\\nSeoul\\u2019s reaction was muted.\""
    elif r < 0.30:
        text_lit = text_lit[:-1] + " Caf\\u00e9 owners in Seoul cheered.\""

    sep = rng.choice([",", ", "])
    colon = rng.choice([":", ": "])
    fields = [
        ("id", str(i)),
        ("text", text_lit),
        ("title", json_str(rng.choice(UNICODE_RAW))),
        ("note", '"' + rng.choice(UNICODE_ESC) + '"'),
        ("score", rng.choice(NUMBERS)),
        ("meta", '{"tags":[' + ",".join(json_str(t) for t in rng.sample(["politics", "korea", "경제", "外交"], 2))
         + '],"n":' + rng.choice(NUMBERS) + ',"ok":' + rng.choice(["true", "false", "null"])
         + ',"deep":{"a":[1,[2,[3,{"b":"Wen Zai in a nested field"}]]]}}'),
    ]
    if rng.random() < 0.05:
        fields = [f for f in fields if f[0] != "text"]  # no target field: passed through
    head, rest = fields[:1], fields[1:]
    rng.shuffle(rest)
    body = sep.join(json_str(k) + colon + v for k, v in head + rest)
    line = "{" + body + "}"
    json.loads(line)  # must be valid
    return line


def write(path, lines, ending="\n", final=True):
    data = ending.join(lines) + (ending if final else "")
    with open(path, "wb") as f:
        f.write(data.encode("utf-8"))


def main():
    out = sys.argv[1]
    os.makedirs(os.path.join(out, "robust"), exist_ok=True)
    rng = random.Random(20240611)

    sample = [sample_record(rng, i) for i in range(420)]
    write(os.path.join(out, "sample.jsonl"), sample)

    # CRLF, with an empty and a whitespace-only line.
    crlf = [sample_record(rng, 1000 + i) for i in range(24)]
    crlf.insert(5, "")
    crlf.insert(11, "   ")
    write(os.path.join(out, "robust", "a-crlf.jsonl"), crlf, ending="\r\n")

    # Bad records between good ones. Each must be refused by mtfix; the last
    # one is valid for Python's json but too deep for it, so only mtfix can
    # refuse it (it is an array): the job's second round.
    bad_records = [
        "not json at all",
        '{"id": 2001, "text": "Korean-Korean talks"',  # truncated
        '[1, 2, 3]',
        '"just a string"',
        '{"id": 2004, "text": 42}',
        '{"id": 2005, "text": null}',
        '{"id": 2006, "text": "Korean-Korean", "x": NaN}',
        '{"id": 2007, "text": "raw\ttab in Seoul, Korean-Korean"}',
        '{"id": 2008, "text": "lone \\ud800 surrogate, Korean-Korean"}',
        '{"id": 2009, "text": "Korean-Korean"} trailing',
        '{"id": 2010, "text": "nul \x00 byte"}',
        '\ufeff{"id": 2011, "text": "bom, Korean-Korean in Seoul"}',
        "[" * 3000 + "]" * 3000,
    ]
    good = [sample_record(rng, 2100 + i) for i in range(30)]
    lines, bad_lines = [], []
    for i, g in enumerate(good):
        lines.append(g)
        if i % 2 == 1 and bad_records:
            lines.append(bad_records.pop(0))
            bad_lines.append(len(lines))
    assert not bad_records
    write(os.path.join(out, "robust", "b-bad.jsonl"), lines)

    # Records for the extra glossary, no final newline.
    extra = [
        '{"id":3000,"text":"The Zorblax Port Bay authority said on Monday that Korean-Korean talks would resume."}',
        '{"id":3001,"text":"Clean text about the weather in Seoul."}',
        '{"id":3002,"text":"A spokesman for Zorblax Port Bay declined to comment."}',
    ]
    write(os.path.join(out, "robust", "c-extra.jsonl"), extra, final=False)
    write(os.path.join(out, "robust", "_SUCCESS"), [])
    write(os.path.join(out, "robust", ".hidden.jsonl"), ['{"text":"Korean-Korean must not be read"}'])

    with open(os.path.join(out, "extra-rules.yaml"), "w", encoding="utf-8") as f:
        f.write(
            "# A made-up place, so that it never clashes with the shipped glossary.\n"
            "- id: spark-test-zorblax-harbour\n"
            "  correct: Zorblax Harbour\n"
            "  variants: [Zorblax Port Bay]\n"
            "  category: name/place\n"
            "  note: \"A made-up harbour for the Spark test's extra glossary.\"\n"
            "  tests:\n"
            "    - wrong: \"Ships left Zorblax Port Bay.\"\n"
            "      right: \"Ships left Zorblax Harbour.\"\n"
        )
    with open(os.path.join(out, "bad-lines.json"), "w") as f:
        json.dump({"b-bad.jsonl": bad_lines}, f)


if __name__ == "__main__":
    main()
