#!/usr/bin/env python3
"""Writes the synthetic HR exports that `orglint import` is tested and
demonstrated on (deterministic: run it again and nothing changes):

- employees.csv: a CSV export of 304 rows, as an HR system writes it, with
  the faults real exports have: managers missing from the export, ids with
  dots and accents, departments as free text with typos, a vacancy listed as
  a person, a person whose name is their job title, a duplicate id, a row
  without an id, a ragged row, the CEO as their own manager, quoted cells
  with commas, quotes and a line break.
- mapping.toml: the mapping file the README uses with it.
- team/: the same kind of org as a GitLab-style folder of one YAML file per
  person (one sub-folder per first letter, `role: <a href=...>Title</a>`,
  `departments:` lists, a README among them).

Usage: python3 tests/data/import/generate.py
"""

import csv
import io
import os
import shutil
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))


class Rng:
    """xorshift64: the same numbers on every Python."""

    def __init__(self, seed):
        self.state = seed

    def next(self):
        x = self.state
        x ^= (x << 13) & 0xFFFFFFFFFFFFFFFF
        x ^= x >> 7
        x ^= (x << 17) & 0xFFFFFFFFFFFFFFFF
        self.state = x
        return x

    def below(self, n):
        return self.next() % n

    def pick(self, items):
        return items[self.below(len(items))]


FIRST = ["Ada", "Grace", "Linus", "Margaret", "Alan", "Barbara", "Dennis", "Frances", "Ken",
         "Radia", "Edsger", "Hedy", "John", "Katherine", "Tim", "Shafi", "Donald", "Lynn",
         "Niklaus", "Sophie", "Björn", "Chloé", "Zoë", "Ángel", "Łukasz", "Søren", "Noémie",
         "Ibrahim", "Mei", "Priya", "Kwame", "Yusuf", "Aiko", "Mateo", "Ines", "Olga"]
LAST = ["Lovelace", "Hopper", "Torvalds", "Hamilton", "Turing", "Liskov", "Ritchie", "Allen",
        "Thompson", "Perlman", "Dijkstra", "Lamarr", "Backus", "Johnson", "Berners-Lee",
        "Goldwasser", "Knuth", "Conway", "Wirth", "Wilson", "Müller", "Dubois", "García",
        "Nowak", "Kierkegaard", "Okafor", "Tanaka", "Sharma", "Mensah", "Haddad", "O'Neil"]

# (department as the HR system spells it, the titles of its people)
TEAMS = [
    ("Engineering", ["Software Engineer", "Senior Software Engineer", "Staff Engineer"]),
    ("Enginering", ["Software Engineer", "Site Reliability Engineer"]),  # typo
    ("Platform Engineering", ["Senior Software Engineer", "Platform Engineer"]),
    ("Product Management", ["Product Manager", "Senior Product Manager"]),
    ("UX Design", ["Product Designer", "Senior Product Designer", "UX Researcher"]),
    ("Data & Analytics", ["Data Scientist", "Data Engineer", "Analytics Engineer"]),
    ("Sales", ["Account Executive", "Sales Development Representative"]),
    ("Marketing", ["Marketing Manager", "Content Writer"]),
    ("Customer Success", ["Customer Success Manager", "Support Engineer"]),
    ("Custmer Success", ["Customer Success Manager"]),  # typo
    ("Finance", ["Accountant", "Financial Analyst"]),
    ("People Ops", ["People Partner", "Recruiter"]),
    ("Legal", ["Counsel", "Paralegal"]),
]

EXECS = [
    # id, first, last, title, department
    ("10001", "Dana", "Whitfield", "Chief Technology Officer", "Engineering"),
    ("10002", "Priya", "Raman", "Chief Product Officer", "Product Management"),
    ("10003", "Marcus", "Bell", "Chief Financial Officer", "Finance"),
    ("10004", "Elena", "Sokolova", "VP Sales", "Sales"),
    ("10005", "Tom", "Asante", "VP Marketing", "Marketing"),
    ("10006", "Rita", "Moreno", "Chief People Officer", "People Ops"),
    ("10007", "Sam", "Okoye", "General Counsel", "Legal"),
    ("10008", "Nora", "Lindqvist", "Federal CTO", "Sales"),  # not the CTO
]


def people():
    rng = Rng(0x5EED1234)
    rows = []  # dicts with the export's columns
    ceo = dict(id="10000", first="Helen", last="Carter", title="Chief Executive Officer",
               dept="Executive", manager="10000", email="helen.carter@northwind.example",
               location="Berlin")  # HR lists the CEO as her own manager
    rows.append(ceo)
    for eid, first, last, title, dept in EXECS:
        rows.append(dict(id=eid, first=first, last=last, title=title, dept=dept, manager="10000",
                         email=f"{first}.{last}@northwind.example".lower(), location="Berlin"))
    next_id = 11000
    exec_of = {"Engineering": "10001", "Enginering": "10001", "Platform Engineering": "10001",
               "Product Management": "10002", "UX Design": "10002", "Data & Analytics": "10001",
               "Sales": "10004", "Marketing": "10005", "Customer Success": "10004",
               "Custmer Success": "10004", "Finance": "10003", "People Ops": "10006",
               "Legal": "10007"}
    cities = ["Berlin", "Lisbon", "Paris, France", "Remote", "New York"]
    while len(rows) < 300:
        dept, titles = TEAMS[rng.below(len(TEAMS))]
        manager_id = str(next_id)
        next_id += 1
        first, last = rng.pick(FIRST), rng.pick(LAST)
        rows.append(dict(id=manager_id, first=first, last=last, title=f"{titles[0]} Manager",
                         dept=dept, manager=exec_of[dept],
                         email=f"m{manager_id}@northwind.example", location=rng.pick(cities)))
        for _ in range(3 + rng.below(6)):
            eid = str(next_id)
            next_id += 1
            first, last = rng.pick(FIRST), rng.pick(LAST)
            rows.append(dict(id=eid, first=first, last=last, title=rng.pick(titles), dept=dept,
                             manager=manager_id, email=f"e{eid}@northwind.example",
                             location=rng.pick(cities)))
    # Managers who left: their reports still name them.
    for i, gone in [(40, "10999"), (41, "10999"), (42, "10999"), (90, "EX-4410"), (150, "10998")]:
        rows[i]["manager"] = gone
    # Ids with dots and accents (their reports name them so), and one that
    # normalises to the same id as another: a collision.
    for i, new_id in [(60, "jean.dupont"), (70, "José.García"), (80, "JOSE.GARCIA")]:
        old_id = rows[i]["id"]
        rows[i]["id"] = new_id
        for row in rows:
            if row["manager"] == old_id:
                row["manager"] = new_id
    # A title with a comma, one with quotes, and a line break in a cell.
    rows[100]["title"] = "Director, Engineering"
    rows[101]["title"] = 'Engineer "Tools"'
    rows[102]["location"] = "Lisbon\n(2nd floor)"
    # A vacancy listed as a person, and a person whose name is their title.
    rows.append(dict(id="req-4411", first="Vacant", last="(Backend Engineer)", title="Open Req",
                     dept="Engineering", manager="11000", email="", location=""))
    rows.append(dict(id="11990", first="Head of", last="Sales", title="Head of Sales", dept="Sales",
                     manager="10004", email="", location="Remote"))
    # A duplicate id, and a row without an id.
    rows.append(dict(id="11005", first="Second", last="Copy", title="Account Executive",
                     dept="Sales", manager="10004", email="", location=""))
    rows.append(dict(id="", first="No", last="Id", title="Contractor", dept="Engineering",
                     manager="10001", email="", location=""))
    return rows


COLUMNS = ["Employee ID", "First Name", "Last Name", "Job Title", "Department", "Manager ID",
           "Email", "Location"]
KEYS = ["id", "first", "last", "title", "dept", "manager", "email", "location"]


def write_csv(rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for i, row in enumerate(rows):
        cells = [row[k] for k in KEYS]
        if i == 200:
            cells = cells[:5]  # a ragged row: cut off after the department
        w.writerow(cells)
    with open(os.path.join(HERE, "employees.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(out.getvalue())


MAPPING = """\
# The mapping the README uses with employees.csv (`orglint import mapping`
# prints a commented starter).
[org]
name = "Northwind"
# A CTO and a CPO, on purpose.
structure = "split"

# Specific departments first: the first rule that matches wins.
[[functions]]
department = "Platform Engineering"
function = "engineering"

[[functions]]
department = "Product Management"
function = "product"

[[functions]]
department = "UX Design"
function = "design"

[[functions]]
department = "Data & Analytics"
function = "data"

[[functions]]
department = "People Ops"
function = "people"

[[functions]]
department = "Executive"
function = "executive"

[fields]
location = "Location"
"""


def slug(row):
    text = f"{row['first']}-{row['last']}".lower().replace(" ", "-").replace("'", "")
    text = text.replace("ł", "l").replace("ø", "o")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def write_yaml(rows):
    team = os.path.join(HERE, "team")
    shutil.rmtree(team, ignore_errors=True)
    os.makedirs(team)
    with open(os.path.join(team, "README.md"), "w", encoding="utf-8") as f:
        f.write("One file per team member, in a folder per first letter.\n")
    # GitLab keys people by a slug: the file name.
    slugs = {}
    for row in rows[:150]:
        if not row["id"] or row["id"] in slugs:
            continue
        s = slug(row) + "-" + row["id"].lower().replace(".", "-")
        if row["id"] == "jean.dupont":
            s = "jean.dupont"
        if row["id"] == "José.García":
            s = "José.García"
        slugs[row["id"]] = s
    for row in rows[:150]:
        s = slugs.get(row["id"])
        if s is None or slugs.get(row["id"]) != s:
            continue
        manager = slugs.get(row["manager"], row["manager"].lower())
        if row["manager"] == row["id"]:
            manager = ""
        depts = [row["dept"]]
        if row["dept"] in ("Engineering", "Platform Engineering", "Enginering"):
            depts.append("R&D")
        folder = os.path.join(team, s[0].lower() if s[0].isascii() else "_")
        os.makedirs(folder, exist_ok=True)
        title = row["title"].replace("\n", " ")
        lines = [
            f"slug: {s}",
            "type: person",
            f"name: \"{row['first']} {row['last']}\"",
            f"role: '<a href=\"/job-families/{row['dept'].lower().replace(' ', '-')}/\">{title}</a>'",
            f"reports_to: {manager}" if manager else "reports_to:",
            "departments:",
        ] + [f"  - {d}" for d in depts] + [
            "expertise: |",
            "  <li>Things</li>",
            "projects:",
            "  gitlab: maintainer",
        ]
        with open(os.path.join(folder, s + ".yml"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    # The same slug twice, in two folders: the later file is skipped.
    os.makedirs(os.path.join(team, "x"), exist_ok=True)
    with open(os.path.join(team, "x", "jean.dupont.yml"), "w", encoding="utf-8") as f:
        f.write("name: Jean Dupont\nrole: Intern\nreports_to: jean.dupont\n")


def main():
    rows = people()
    write_csv(rows)
    with open(os.path.join(HERE, "mapping.toml"), "w", encoding="utf-8") as f:
        f.write(MAPPING)
    write_yaml(rows)


if __name__ == "__main__":
    main()
