#!/usr/bin/env python3
"""Deterministic exports for benches/import.sh.

  import_data.py csv N        prints a CSV export of N people
  import_data.py yaml N DIR   writes N GitLab-style YAML files under DIR

A tree of managers with 8 reports each; 1 in 500 rows names a manager who
is not in the export, 1 in 97 a department with a typo, so that the
diagnostics cost something too.
"""

import os
import sys

DEPTS = ["Engineering", "Product", "Design", "Data", "Sales", "Marketing",
         "Customer Success", "Finance", "Enginering"]
TITLES = ["Software Engineer", "Product Manager", "Designer", "Data Scientist",
          "Account Executive", "Marketer", "CSM", "Accountant", "Engineer"]


def person(i):
    manager = "" if i == 0 else str(10_000 + (i - 1) // 8)
    if i % 500 == 7:
        manager = f"gone-{i}"
    d = i % 97 == 5 and 8 or i % 8
    return (str(10_000 + i), f"First{i}", f"Last{i}", TITLES[d], DEPTS[d], manager,
            f"p{i}@example.com")


def csv(n):
    out = sys.stdout
    out.write("Employee ID,First Name,Last Name,Job Title,Department,Manager ID,Email\n")
    for i in range(n):
        out.write(",".join(person(i)) + "\n")


def yaml(n, root):
    for i in range(n):
        pid, first, last, title, dept, manager, email = person(i)
        slug = f"{first}-{last}".lower()
        folder = os.path.join(root, slug[0])
        os.makedirs(folder, exist_ok=True)
        manager_slug = f"first{int(manager) - 10_000}-last{int(manager) - 10_000}" if manager.isdigit() else manager
        with open(os.path.join(folder, slug + ".yml"), "w") as f:
            f.write(f"slug: {slug}\ntype: person\nname: {first} {last}\n"
                    f"role: <a href=\"/job-families/x/\">{title}</a>\n"
                    f"reports_to: {manager_slug}\ndepartments:\n  - {dept}\n  - R&D\n"
                    f"expertise: |\n  <li>Things</li>\n")


if __name__ == "__main__":
    if sys.argv[1] == "csv":
        csv(int(sys.argv[2]))
    else:
        yaml(int(sys.argv[2]), sys.argv[3])
