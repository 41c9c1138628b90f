//! The default glossary, embedded so the binary works with no files around it.

/// `(name, contents)` of every file in `rules/`, in load order.
/// `tests/rules.rs` checks that no file of `rules/` is missing here.
pub(crate) const FILES: &[(&str, &str)] = &[
    ("rules/people.yaml", include_str!("../../rules/people.yaml")),
    ("rules/places.yaml", include_str!("../../rules/places.yaml")),
    (
        "rules/organizations.yaml",
        include_str!("../../rules/organizations.yaml"),
    ),
    ("rules/events.yaml", include_str!("../../rules/events.yaml")),
    ("rules/terms.yaml", include_str!("../../rules/terms.yaml")),
    (
        "rules/boilerplate.yaml",
        include_str!("../../rules/boilerplate.yaml"),
    ),
    (
        "rules/punctuation.yaml",
        include_str!("../../rules/punctuation.yaml"),
    ),
    (
        "rules/people-world.yaml",
        include_str!("../../rules/people-world.yaml"),
    ),
    (
        "rules/people-china.yaml",
        include_str!("../../rules/people-china.yaml"),
    ),
    (
        "rules/people-korea-japan.yaml",
        include_str!("../../rules/people-korea-japan.yaml"),
    ),
    (
        "rules/people-asia.yaml",
        include_str!("../../rules/people-asia.yaml"),
    ),
    (
        "rules/places-asia.yaml",
        include_str!("../../rules/places-asia.yaml"),
    ),
    (
        "rules/places-world.yaml",
        include_str!("../../rules/places-world.yaml"),
    ),
    (
        "rules/organizations-news.yaml",
        include_str!("../../rules/organizations-news.yaml"),
    ),
    (
        "rules/terms-events-boilerplate.yaml",
        include_str!("../../rules/terms-events-boilerplate.yaml"),
    ),
];

/// The names of the embedded files.
pub fn file_names() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(name, _)| *name)
}
