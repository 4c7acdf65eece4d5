//! The commented starter mapping file that `orglint import mapping` prints.

/// The commented starter printed by `orglint import mapping`.
pub const STARTER: &str = r#"# orglint import mapping: how an HR export becomes an org file.
# Use it with `orglint import csv export.csv --mapping mapping.toml -o org.toml`.
# Every table is optional; delete what you do not need.

[org]
# The org's name (default: the export's file or folder name).
# name = "Acme"
# The R&D leadership model, written into the org: "cpto" or "split".
# structure = "split"

# Which CSV column (or YAML key) holds what, when the built-in names do not
# find it. Fields: id, manager, name, first-name, last-name, preferred-name,
# title, department, email. `--column field=Header` overrides these.
[columns]
# id = "Employee Number"
# manager = "Supervisor ID"

# Rules from department tags (or titles) to functions, tried in order: the
# first that matches wins, so put specific departments before the umbrella
# ones they sit in. A department spelled like a known function
# ("Engineering", "Customer Success") maps to it without a rule.
# `match` is "any-case" (the default: the whole text, case ignored),
# "exact" or "regex" (found anywhere in the text; `(?i)` ignores case).
# A function that orglint does not know is declared in the orglint.toml
# written next to the output.

# [[functions]]
# department = "Platform Engineering"
# function = "engineering"

# [[functions]]
# department = "^(UX|User Research)"
# match = "regex"
# function = "design"

# [[functions]]
# title = "(?i)\\bdesigner\\b"
# match = "regex"
# function = "design"

# Rules from titles to roles, tried before the built-in ones. Built in:
# the full title ("Chief Technology Officer" -> cto), or its abbreviation
# when it is the whole title ("CTO"; "Federal CTO" is not the CTO).

# [[roles]]
# title = "Head of Engineering"
# role = "cto"

[ignore]
# Department tags that say nothing about a function: never reported.
# departments = ["All Staff", "Leadership Team"]

# Extra columns (or YAML keys) written on each person as custom fields:
# `field = "Column"`. The fields are declared in the orglint.toml written
# next to the output. Email is imported as `email` without a line here.
[fields]
# location = "Office"
# start-date = "Start Date"
"#;
