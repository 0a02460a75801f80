"""People and their roles (spaCy component "people_rules").

`extractor` finds the people of a text; `names` tells a name from other capitalised words with
the lexicons of `lexicon` over the token view of `tokens`; `polish_names` and
`east_asian_names` read Polish-inflected and Chinese/Korean/Japanese names; `roles` finds the
office written next to a name and `polish_roles` puts a Polish one in the nominative.
"""
