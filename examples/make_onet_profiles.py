"""Build ``examples/onet_role_profiles.csv`` from the O*NET database text files.

Usage (from anywhere)::

    python examples/make_onet_profiles.py [ONET_DIR] [--output CSV]

``ONET_DIR`` holds ``Occupation Data.txt`` and ``Task Statements.txt``
(tab-delimited, as distributed by O*NET); it defaults to ``../shared/data/onet``
relative to the repository root. The output has one row per selected occupation,
in the order of ``OCCUPATIONS`` below, with the columns ``onet_soc_code``,
``title``, ``description`` and ``tasks`` (all the occupation's task statements
joined by spaces: Core tasks first, then Supplemental, then unrated ones, each
group in Task ID order). Running it twice gives byte-identical files.

Attribution: this data includes information from the O*NET 30.1 Database by the
U.S. Department of Labor, Employment and Training Administration (USDOL/ETA).
Used under the CC BY 4.0 license. O*NET® is a trademark of USDOL/ETA. USDOL/ETA
has not approved, endorsed, or tested these modifications.
"""

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ONET_DIR = REPO_ROOT / ".." / "shared" / "data" / "onet"
DEFAULT_OUTPUT = Path(__file__).resolve().parent / "onet_role_profiles.csv"
COLUMNS = ("onet_soc_code", "title", "description", "tasks")
TASK_TYPE_ORDER = {"Core": 0, "Supplemental": 1}  # anything else (unrated) last

# 24 management occupations (SOC major group 11) and 16 first-line supervisor
# occupations, chosen to span sectors; every one has task statements in O*NET 30.1.
OCCUPATIONS = (
    "11-1011.00",  # Chief Executives
    "11-1011.03",  # Chief Sustainability Officers
    "11-1021.00",  # General and Operations Managers
    "11-2021.00",  # Marketing Managers
    "11-2022.00",  # Sales Managers
    "11-2033.00",  # Fundraising Managers
    "11-3012.00",  # Administrative Services Managers
    "11-3013.00",  # Facilities Managers
    "11-3021.00",  # Computer and Information Systems Managers
    "11-3031.00",  # Financial Managers
    "11-3051.00",  # Industrial Production Managers
    "11-3061.00",  # Purchasing Managers
    "11-3071.00",  # Transportation, Storage, and Distribution Managers
    "11-3071.04",  # Supply Chain Managers
    "11-3121.00",  # Human Resources Managers
    "11-3131.00",  # Training and Development Managers
    "11-9021.00",  # Construction Managers
    "11-9032.00",  # Education Administrators, Kindergarten through Secondary
    "11-9041.00",  # Architectural and Engineering Managers
    "11-9051.00",  # Food Service Managers
    "11-9081.00",  # Lodging Managers
    "11-9111.00",  # Medical and Health Services Managers
    "11-9151.00",  # Social and Community Service Managers
    "11-9161.00",  # Emergency Management Directors
    "33-1012.00",  # First-Line Supervisors of Police and Detectives
    "33-1021.00",  # First-Line Supervisors of Firefighting and Prevention Workers
    "33-1091.00",  # First-Line Supervisors of Security Workers
    "35-1012.00",  # First-Line Supervisors of Food Preparation and Serving Workers
    "37-1011.00",  # First-Line Supervisors of Housekeeping and Janitorial Workers
    "37-1012.00",  # First-Line Supervisors of Landscaping, Lawn Service, ...
    "39-1022.00",  # First-Line Supervisors of Personal Service Workers
    "41-1011.00",  # First-Line Supervisors of Retail Sales Workers
    "41-1012.00",  # First-Line Supervisors of Non-Retail Sales Workers
    "43-1011.00",  # First-Line Supervisors of Office and Administrative Support ...
    "45-1011.00",  # First-Line Supervisors of Farming, Fishing, and Forestry Workers
    "47-1011.00",  # First-Line Supervisors of Construction Trades and Extraction ...
    "49-1011.00",  # First-Line Supervisors of Mechanics, Installers, and Repairers
    "51-1011.00",  # First-Line Supervisors of Production and Operating Workers
    "53-1042.00",  # First-Line Supervisors of Helpers, Laborers, and Material ...
    "53-1043.00",  # First-Line Supervisors of Material-Moving Machine and Vehicle ...
)


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Read an O*NET tab-delimited file (header row, no quoting) into dicts."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [{key: value.strip() for key, value in row.items()} for row in reader]


def build_profiles(onet_dir: Path) -> list[dict[str, str]]:
    """Return one profile row per code in ``OCCUPATIONS``, in that order."""
    occupations = {row["O*NET-SOC Code"]: row for row in read_tsv(onet_dir / "Occupation Data.txt")}
    tasks: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in read_tsv(onet_dir / "Task Statements.txt"):
        tasks[row["O*NET-SOC Code"]].append(row)

    profiles = []
    for code in OCCUPATIONS:
        if code not in occupations or not tasks[code]:
            raise SystemExit(f"{code}: not found, or has no tasks, in {onet_dir}")
        ordered = sorted(
            tasks[code],
            key=lambda t: (TASK_TYPE_ORDER.get(t["Task Type"], 2), int(t["Task ID"])),
        )
        profiles.append(
            {
                "onet_soc_code": code,
                "title": occupations[code]["Title"],
                "description": occupations[code]["Description"],
                "tasks": " ".join(task["Task"] for task in ordered),
            }
        )
    return profiles


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the process exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("onet_dir", nargs="?", type=Path, default=DEFAULT_ONET_DIR)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    profiles = build_profiles(args.onet_dir)
    with args.output.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(profiles)
    print(f"wrote {len(profiles)} role profiles to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
