#!/usr/bin/env python3
"""Deterministic inputs for benches/compare/run.sh.

    gen.py glossaries --rules-json RULES.jsonl --mtfix BIN --out DIR --sizes 100,10000,100000
    gen.py corpus --glossaries DIR --out FILE --bytes N

Glossaries of N entries: shipped entries that have literal variants (from
`mtfix rules list --format json`; half of N, all of them when N is large),
then synthetic entries, so that a smaller glossary is a prefix of a larger
one. Synthetic entries alternate between people (a two-word pinyin reading
of a Korean name: "Qiao Minghui" -> "Baek Ji-hoon") and places (a one-word
pinyin reading ending in -li, like Fengxili for Punggye-ri: "Fangxiangzhili"
-> "Kangoksong-dong"). Every variant is unique by its compact key (letters
only, lower case), no word of it is an English word (data/english-words.txt)
or a word of any correct form, and no correct form repeats.

For each size N the folder DIR/gloss-N holds the same pairs as:
  mtfix-exact.yaml      shipped (context dropped) + synthetic: N entries
  mtfix-synthetic.yaml  the synthetic part only, to load on top of the embedded glossary
  pairs.tsv             variant<TAB>correct, every variant
  pairs-1word.tsv       the one-word ([A-Za-z]+) variants only
  codespell.txt         wrong->right, one-word variants (codespell: single words)
  typos.toml            [default.extend-words], one-word variants
  patterns.txt          one variant a line (rg -F -f)
  sed.sed               s/\\bVARIANT\\b/CORRECT/g per variant (GNU sed)
  counts.json           entries, variants, one-word variants

The corpus is news-like English from templates and word lists written for
this benchmark, one paragraph a line, blank lines between paragraphs, with
one artifact about every 2,000 bytes, drawn from entries of the 100-entry
glossary (so present in every glossary): 45% shipped variants, 45% synthetic
variants, 10% pattern artifacts ("Data map:", "of'wait and see'"). Shipped
variants are put in sentences with Korean/US context words; `glossaries`
keeps only the (entry, variant, sentence) combinations that the embedded
glossary really fixes (checked with `mtfix check` on one document of all
candidates), so every artifact is one that mtfix with its rules should fix.
FILE.meta.json records what was injected and FILE.injected.txt the injected
strings (to count what a tool left).
"""

import argparse
import bisect
import json
import os
import random
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SEED = 20240611
BASE = 100  # artifacts come from the first BASE entries

# ----------------------------------------------------------------- word lists

KOREAN_SURNAMES = (
    "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Oh Shin Kwon Hwang Ahn Yoo "
    "Hong Jeon Ko Bae Baek Heo Nam Noh Kwak Cha Joo Ryu Eom Chae Won Chun Bang "
    "Gong Hyun Ham Byun Yeom Pyo Myung Maeng Tak Gu Sim Seol Yeon Ok Dong Geum "
    "Hwangbo Namgung Seonwoo Jegal Dokgo"
).split()

KOREAN_SYLLABLES = (
    "hoon min ji seo yeon woo hyun soo young jun ho eun hye kyung sung joon hee "
    "chul jae won seok hwan tae sang yong mi ra bin gyu hyuk il kwang myung seung "
    "shik yun yeong hun gi bum chan beom jong geon sol ae hwa kyu han ye dam "
    "ha na sun ok ju jin do hyo bo mun taek gook nam pil duk chang ryong"
).split()

PLACE_SYLLABLES = (
    "hwa song sin po yong san chon gang dong sam pyong an nam buk cheong ju won "
    "mun hae ryong ho ok jin kang gye sa ul ham gyong rak chang hung dan chun "
    "myo hyang un bong tae baek geum do il ha min jeong seon"
).split()

PLACE_SUFFIXES = ["-ri", "-dong", "-gun", "-myeon", "-ni"]

PINYIN_SURNAMES = (
    "Zhao Qian Zhou Zheng Feng Chen Chu Jiang Shen Zhu Qin Lyu Shi Zhang Cao "
    "Xie Zou Shui Dou Pan Miao Fang Yuan Liu Lian Cen Xue Lei Teng Luo Hao Yue "
    "Qi Kang Ouyang Sima Zhuge Situ Huangfu Murong Dongfang Xiahou Qiao Gao "
    "Xiang Huo Zhuo Guan Ruan Deng Rao Ying Cui Tan Liao Mo Niu Geng Gu Duan "
    "Lou Qiu Zeng Hou Xiong Meng Mei Sheng Lin Tian Jia Xia Fu Kou Xun Weng"
).split()

PINYIN_SYLLABLES = (
    "ming hui jian feng wei hua guo qiang jun xiao yan li jing hong ping zhi "
    "yong tao bin chao xin lin bo yu fei kai rui xuan zi hao yi chen qing lei "
    "dong cheng peng hai fang xia mei lan ying ting qian jie shan zhen liang "
    "song kun heng jia yue xing yuan chun lu shu ning zhong bao sheng jin long "
    "ke tian min xue yun zhao qi yang huan ru si xiang quan kang fu de rong zhe "
    "nan shuang xiu zhuo yao cong jiao shuo zheng qiu mao tong pei lang cang "
    "xi gou ze sui wu"
).split()

CITIES = [c.replace("_", " ") for c in (
    "Beijing Seoul Tokyo Washington Hanoi Geneva Singapore Bangkok Moscow "
    "London Paris Berlin Jakarta Manila Canberra Ottawa Brussels Vienna "
    "Shanghai Busan Osaka Taipei Kuala_Lumpur New_Delhi Islamabad Hong_Kong"
).split()]

COUNTRIES = [
    "China", "South Korea", "Japan", "the United States", "Russia", "Vietnam",
    "Germany", "France", "Britain", "Canada", "Australia", "India",
    "Indonesia", "Singapore", "Thailand", "Mongolia", "the Philippines",
    "Malaysia", "New Zealand", "Brazil",
]

ORGS = [
    "the Ministry of Foreign Affairs", "the State Council", "the National "
    "Assembly", "the United Nations Security Council", "the Bank of Korea",
    "the People's Bank of China", "the World Trade Organization", "the "
    "Ministry of Commerce", "the Ministry of Unification", "the Asian "
    "Development Bank", "the International Monetary Fund", "the Korea "
    "Development Institute", "the National Bureau of Statistics", "the "
    "Defense Ministry", "the Ministry of Finance", "the Red Cross",
    "the Ministry of Industry", "the Supreme Court", "the Constitutional Court",
]

TITLES = [
    "Foreign Minister", "Prime Minister", "Finance Minister", "Unification "
    "Minister", "Defense Minister", "Trade Minister", "Vice Foreign Minister",
    "the ambassador", "a senior official", "a spokesperson", "the chief "
    "negotiator", "the mayor", "the governor", "a lawmaker", "the economist",
]

TOPICS = [
    "tariffs on steel and aluminium", "semiconductor exports", "climate "
    "policy", "food aid", "the reopening of border crossings", "fishing "
    "rights", "energy prices", "family reunions", "railway links", "vaccine "
    "supplies", "student exchanges", "currency swaps", "port fees",
    "coal imports", "shipping routes", "air pollution", "the housing market",
    "pension reform", "youth unemployment", "rice prices", "tourism",
    "cyber security", "flood relief", "space cooperation",
]

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
        "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
VERBS = ["said", "told reporters", "noted", "stressed", "warned", "added",
         "announced", "confirmed", "insisted", "argued"]
ADJ = ["cautious", "steady", "modest", "sharp", "gradual", "limited",
       "significant", "measured", "renewed", "broad"]
ORDINALS = ["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]
NUMS = ["two", "three", "four", "five", "six", "seven", "eight", "nine",
        "ten", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty"]

CLEAN = [
    "{title} {person} {verb} on {day} that talks on {topic} would resume in {city} next month.",
    "According to {org}, exports to {country} rose {num} percent in {month}.",
    "{org} said on {day} that it would keep its position on {topic} unchanged.",
    "Officials from {country} and {country2} met in {city} to discuss {topic}.",
    "The delegation led by {person} arrived in {city} on {day} evening.",
    "{person}, {title2} of {org2}, {verb} that the outlook for {topic} remained {adj}.",
    "Analysts in {city} expect a {adj} recovery in {topic} in the second half of the year.",
    "Heavy rain near {place} forced the evacuation of more than {num} thousand residents.",
    "Shares in {city} closed higher on {day}, led by technology and consumer stocks.",
    "In a telephone call, {person} and {person2} agreed to keep channels of communication open.",
    "The report, written by {person} of {org2}, calls for a {adj} approach to {topic}.",
    "Residents of {place} said the new road to {city} had cut travel times by half.",
    "{org} will hold a meeting on {topic} in {city} on {day}, diplomats said.",
    "Prices of {topic2} rose for the {ordinal} consecutive month, {org2} said.",
    "{person} {verb} that {country} and {country2} shared an interest in stability.",
    "A fair on {topic} opened in {place} on {day} with exhibitors from {num} countries.",
    "The governor of the province that includes {place} visited {city} in {month}.",
    "Observers noted that {person} had met the delegation from {country} twice this year.",
    "Trade between {country} and {country2} grew at a {adj} pace in {month}, customs data showed.",
    "The talks in {city} ended without a joint statement, but both sides {verb2} progress.",
]

# Artifact sentences, by category of the entry; each has the context words
# the shipped entries ask for (Korea, Seoul, Pyongyang, DPRK, Trump, White
# House, Blue House, Kim Jong-un), and none of their vetoes.
ARTIFACT = {
    "name/person": [
        "{V} told reporters in Seoul on {day} that talks with Pyongyang and the White House would continue.",
        "South Korean media said {V} would meet Trump envoys and North Korean officials in {city}.",
        "At the Blue House, {V} discussed the DPRK nuclear issue with officials from Washington.",
    ],
    "name/place": [
        "North Korea and South Korea discussed the {V} area on {day}, officials in Seoul said.",
        "Satellite images show new work at {V}, a DPRK site watched by Seoul and the White House.",
        "Pyongyang said visitors from Seoul could tour {V} after talks with Trump envoys.",
    ],
    "org": [
        "According to a report by the {V} on {day}, Seoul and Pyongyang agreed on new talks.",
        "Researchers at the {V} said Trump and Kim Jong-un could meet again, Seoul officials noted.",
    ],
    "event": [
        "Trump and Kim Jong-un held the second {V} in Hanoi, officials in Seoul recalled.",
        "The DPRK wants the third {V} to bring sanctions relief, North Korean media said.",
    ],
    "term": [
        "Beijing again backed the {V} for the Korean Peninsula, officials in Seoul and Pyongyang said.",
        "North Korea rejected the {V} idea on {day}, according to officials in Seoul.",
    ],
}
PATTERN_ARTIFACTS = [
    ("Data map:", "Data map: {person} in {city} on {day}."),
    ("of'wait", "Seoul kept an attitude of'wait and see' toward {topic}, officials said."),
]


def title(s):
    return s[:1].upper() + s[1:]


def compact(s):
    return "".join(c for c in s.lower() if c.isalnum())


def words(s):
    return [w for w in re.split(r"[\s\-']+", s.lower()) if w]


def load_english():
    with open(os.path.join(ROOT, "data", "english-words.txt"), encoding="utf-8") as f:
        return {w.strip().lower() for w in f if w.strip()}


def load_shipped(rules_json):
    """Shipped entries with literal variants: (id, correct, variants, category, alternatives, action)."""
    out = []
    with open(rules_json, encoding="utf-8") as f:
        for line in f:
            e = json.loads(line)
            if e.get("correct") and e.get("variants"):
                out.append((e["id"], e["correct"], list(e["variants"]), e["category"],
                            list(e.get("alternatives") or []), e.get("action", "fix")))
    return out


def synthetic(shipped, n):
    """n synthetic (id, correct, [variant], category) entries, deterministic."""
    rng = random.Random(SEED)
    english = load_english()
    keys = set()          # compact keys of every term
    correct_words = set()  # words of every correct form
    variant_words = set()  # words of every variant
    corrects = set()
    for _, c, vs, _, alts, _ in shipped:
        for t in [c] + alts:
            keys.add(compact(t))
            correct_words.update(words(t))
            corrects.add(t)
        for v in vs:
            keys.add(compact(v))
            variant_words.update(words(v))
    surnames = [s for s in PINYIN_SURNAMES
                if s.lower() not in english and s.lower() not in correct_words
                and s.lower() not in variant_words
                and s.lower() not in {k.lower() for k in KOREAN_SURNAMES}
                and s.lower() not in KOREAN_SYLLABLES]
    out = []
    tries = 0
    while len(out) < n:
        tries += 1
        if tries > 50 * n + 100000:
            sys.exit("gen.py: cannot find enough unique synthetic names")
        person = len(out) % 2 == 0
        if person:
            a, b = rng.choice(KOREAN_SYLLABLES), rng.choice(KOREAN_SYLLABLES)
            correct = f"{rng.choice(KOREAN_SURNAMES)} {title(a)}-{b}"
            variant = f"{rng.choice(surnames)} {title(rng.choice(PINYIN_SYLLABLES) + rng.choice(PINYIN_SYLLABLES))}"
            category = "name/person"
        else:
            k = 2 if rng.random() < 0.3 else 3
            correct = title("".join(rng.choice(PLACE_SYLLABLES) for _ in range(k))) + rng.choice(PLACE_SUFFIXES)
            # like Fengxili (丰溪里, Punggye-ri): 里 "li" is the Korean "-ri"
            j = 2 if rng.random() < 0.3 else 3
            variant = title("".join(rng.choice(PINYIN_SYLLABLES) for _ in range(j)) + "li")
            category = "name/place"
        kc, kv = compact(correct), compact(variant)
        vw, cw = words(variant), words(correct)
        if (correct in corrects or kc in keys or kv in keys or kc == kv or len(kv) < 6
                or any(w in english for w in vw) or kv in english
                or any(w in correct_words for w in vw)
                or any(w in variant_words for w in cw)):
            continue
        corrects.add(correct)
        keys.update((kc, kv))
        correct_words.update(cw)
        variant_words.update(vw)
        out.append((f"syn-{len(out) + 1:06d}", correct, [variant], category, [], "fix"))
    return out


def yaml_str(s):
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a YAML string


def write_yaml(path, entries):
    with open(path, "w", encoding="utf-8") as f:
        for id_, c, vs, cat, _, _ in entries:
            f.write(f"- id: {id_}\n  correct: {yaml_str(c)}\n"
                    f"  variants: [{', '.join(yaml_str(v) for v in vs)}]\n"
                    f"  category: {cat}\n")


def sed_escape_re(s):
    return re.sub(r"([][\\/.*^$&])", r"\\\1", s)


def sed_escape_repl(s):
    return re.sub(r"([\\/&])", r"\\\1", s)


def fill_template(rng, t, people, places):
    return t.format(
        title=title(rng.choice(TITLES)), title2=rng.choice(TITLES).lower(),
        person=rng.choice(people), person2=rng.choice(people),
        place=rng.choice(places), city=rng.choice(CITIES),
        country=rng.choice(COUNTRIES), country2=rng.choice(COUNTRIES),
        org=title(rng.choice(ORGS)), org2=rng.choice(ORGS),
        topic=rng.choice(TOPICS), topic2=rng.choice(TOPICS),
        day=rng.choice(DAYS), month=rng.choice(MONTHS),
        verb=rng.choice(VERBS), verb2=rng.choice(["reported", "saw", "claimed"]),
        adj=rng.choice(ADJ), num=rng.choice(NUMS), ordinal=rng.choice(ORDINALS), V="{V}")


def templates_for(category):
    return ARTIFACT.get(category, ARTIFACT["term"])


def validate(mtfix, shipped, people, places, workdir):
    """Which (entry, variant, template) artifacts the embedded glossary fixes.

    Every candidate sentence is one paragraph of one document (as in the
    corpus, where context is judged on the whole document); a candidate is
    kept when `mtfix check --fuzzy off` reports a `fix` of that entry for
    exactly that variant inside its paragraph. Returns
    ({entry id: [(variant, template index)]}, [accepted pattern artifacts]).
    """
    rng = random.Random(SEED + 1)
    paras, meta = [], []
    for id_, _, vs, cat, _, action in shipped:
        if action != "fix":
            continue
        for v in vs:
            for ti, t in enumerate(templates_for(cat)):
                paras.append(fill_template(rng, t, people, places).replace("{V}", v))
                meta.append(("entry", id_, v, ti))
    for pi, (key, t) in enumerate(PATTERN_ARTIFACTS):
        paras.append(fill_template(rng, t, people, places))
        meta.append(("pattern", key, key, pi))
    starts, pos = [], 0
    for para in paras:
        starts.append(pos)
        pos += len(para.encode("utf-8")) + 2
    doc = os.path.join(workdir, "validate.txt")
    with open(doc, "w", encoding="utf-8") as f:
        f.write("\n\n".join(paras) + "\n")
    p = subprocess.run([mtfix, "--fuzzy", "off", "--color", "never", "check", "--format", "json", doc],
                       capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"gen.py: mtfix check failed: {p.stderr[-500:]}")
    hits = {}
    for line in p.stdout.splitlines():
        f = json.loads(line)
        if f["action"] != "fix" or f["replacement"] is None:
            continue
        i = bisect.bisect_right(starts, f["start"]) - 1
        hits.setdefault(i, []).append(f)
    ok, patterns = {}, []
    for i, (kind, id_, v, ti) in enumerate(meta):
        fs = hits.get(i, [])
        if kind == "entry" and any(f["rule"] == id_ and v in f["matched"] for f in fs):
            ok.setdefault(id_, []).append((v, ti))
        if kind == "pattern" and any(f["method"] == "regex" for f in fs):
            patterns.append(ti)
    return ok, patterns


def plan(shipped, ok, sizes):
    """Shipped entries in glossary order (the validated ones first) and, per
    size, how many shipped entries the glossary takes: half of it, at least
    the BASE_SHIPPED validated ones, at most all."""
    ordered = [e for e in shipped if e[0] in ok] + [e for e in shipped if e[0] not in ok]
    base_shipped = min(BASE // 2, len(ok))
    take = {n: min(len(ordered), max(base_shipped, n // 2)) for n in sizes}
    return ordered, base_shipped, take


def glossaries(args):
    shipped = load_shipped(args.rules_json)
    sizes = sorted(set(int(s) for s in args.sizes.split(",")) | {BASE})
    syn = synthetic(shipped, max(sizes))
    people = [c for _, c, _, cat, _, _ in syn if cat == "name/person"]
    places = [c for _, c, _, cat, _, _ in syn if cat == "name/place"]
    os.makedirs(args.out, exist_ok=True)
    ok, pattern_ok = validate(args.mtfix, shipped, people, places, args.out)
    ordered, base_shipped, take = plan(shipped, ok, sizes)
    for size in sizes:
        d = os.path.join(args.out, f"gloss-{size}")
        os.makedirs(d, exist_ok=True)
        k = take[size]
        own = syn[: size - k]
        exact = [(f"x-{i}", c, vs, cat, a, act) for i, c, vs, cat, a, act in ordered[:k]] + own
        write_yaml(os.path.join(d, "mtfix-exact.yaml"), exact)
        write_yaml(os.path.join(d, "mtfix-synthetic.yaml"), own)
        pairs = [(v, c) for _, c, vs, _, _, _ in exact for v in vs]
        one = [(v, c) for v, c in pairs if re.fullmatch(r"[A-Za-z]+", v)]
        with open(os.path.join(d, "pairs.tsv"), "w", encoding="utf-8") as f:
            f.writelines(f"{v}\t{c}\n" for v, c in pairs)
        with open(os.path.join(d, "pairs-1word.tsv"), "w", encoding="utf-8") as f:
            f.writelines(f"{v}\t{c}\n" for v, c in one)
        with open(os.path.join(d, "patterns.txt"), "w", encoding="utf-8") as f:
            f.writelines(f"{v}\n" for v, _ in pairs)
        with open(os.path.join(d, "codespell.txt"), "w", encoding="utf-8") as f:
            f.writelines(f"{v.lower()}->{c}\n" for v, c in one)
        with open(os.path.join(d, "typos.toml"), "w", encoding="utf-8") as f:
            f.write("[default.extend-words]\n")
            f.writelines(f"{v.lower()} = {yaml_str(c)}\n" for v, c in one)
        with open(os.path.join(d, "sed.sed"), "w", encoding="utf-8") as f:
            f.writelines(f"s/\\b{sed_escape_re(v)}\\b/{sed_escape_repl(c)}/g\n" for v, c in pairs)
        with open(os.path.join(d, "counts.json"), "w", encoding="utf-8") as f:
            json.dump({"entries": len(exact), "shipped": k, "synthetic": len(own),
                       "variants": len(pairs), "one_word_variants": len(one)}, f)
        print(f"gloss-{size}: {len(exact)} entries ({k} shipped, {len(own)} synthetic), "
              f"{len(pairs)} variants, {len(one)} one-word")
    # What the corpus draws on: artifacts from the first BASE entries (in
    # every glossary), names from all synthetic entries.
    base = {
        "shipped": [[id_, cat, [[v, ti] for v, ti in ok[id_]]]
                    for id_, _, _, cat, _, _ in ordered[:base_shipped]],
        "synthetic": [[vs[0], cat] for _, _, vs, cat, _, _ in syn[: BASE - take[BASE]]],
        "patterns": pattern_ok,
        "people": people,
        "places": places,
        "shipped_total": len(shipped),
        "shipped_fired": len(ok),
    }
    with open(os.path.join(args.out, "corpus-inputs.json"), "w", encoding="utf-8") as f:
        json.dump(base, f)
    print(f"shipped entries with variants: {len(shipped)}; whose artifacts the embedded "
          f"glossary fixes in the corpus templates: {len(ok)}; in the artifacts: {base_shipped}")


def corpus(args):
    base = json.load(open(os.path.join(args.glossaries, "corpus-inputs.json"), encoding="utf-8"))
    people, places = base["people"], base["places"]
    rng = random.Random(SEED + args.bytes)
    target = args.bytes
    kinds = ["shipped"] * 45 + ["synthetic"] * 45 + ["pattern"] * 10
    kinds = [k for k in kinds if base[k if k != "pattern" else "patterns"]]

    injected = {}
    counts = {"shipped": 0, "synthetic": 0, "pattern": 0}
    out = []
    size = 0
    next_at = rng.randint(1000, 3000)
    para = []
    while size < target:
        if size >= next_at:
            next_at = size + rng.randint(1000, 3000)
            kind = rng.choice(kinds)
            if kind == "shipped":
                _, cat, combos = rng.choice(base["shipped"])
                v, ti = rng.choice(combos)
                s = fill_template(rng, templates_for(cat)[ti], people, places).replace("{V}", v)
            elif kind == "synthetic":
                v, cat = rng.choice(base["synthetic"])
                s = fill_template(rng, rng.choice(ARTIFACT[cat]), people, places).replace("{V}", v)
            else:
                v, t = PATTERN_ARTIFACTS[rng.choice(base["patterns"])]
                s = fill_template(rng, t, people, places)
            counts[kind] += 1
            injected[v] = injected.get(v, 0) + 1
        else:
            s = fill_template(rng, rng.choice(CLEAN), people, places)
        para.append(s)
        size += len(s.encode("utf-8")) + 1
        if len(para) >= rng.randint(3, 6):
            out.append(" ".join(para) + "\n\n")
            size += 1
            para = []
    if para:
        out.append(" ".join(para) + "\n")
    text = "".join(out)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    n = sum(injected.values())
    meta = {"bytes": len(text.encode("utf-8")), "artifacts": n, "kinds": counts,
            "bytes_per_artifact": round(len(text) / max(n, 1)),
            "distinct_injected": len(injected)}
    with open(args.out + ".meta.json", "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=1)
    with open(args.out + ".injected.txt", "w", encoding="utf-8") as f:
        f.writelines(f"{v}\n" for v in sorted(injected))
    print(f"{args.out}: {meta}")


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("glossaries")
    g.add_argument("--rules-json", required=True, help="mtfix rules list --format json")
    g.add_argument("--mtfix", required=True, help="the mtfix binary (checks which artifacts fire)")
    g.add_argument("--out", required=True)
    g.add_argument("--sizes", default="100,10000,100000")
    c = sub.add_parser("corpus")
    c.add_argument("--glossaries", required=True, help="the --out folder of `glossaries`")
    c.add_argument("--out", required=True)
    c.add_argument("--bytes", type=int, required=True)
    a = p.parse_args()
    glossaries(a) if a.cmd == "glossaries" else corpus(a)


if __name__ == "__main__":
    main()
