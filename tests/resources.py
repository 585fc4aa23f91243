"""Named test texts (and a live pickle payload) shared by the test modules."""

import os

CV = """Jordan Example
jordan@example.com | +44 20 7946 0000 | Leeds

Operations Manager, Northfield Logistics, 2018-2024
- I manage upwards of 100 people across 3 sites
- Set quarterly budgets and KPIs for the warehouse teams
- Scheduled shifts and signed off timesheets every week

Education
BSc Business Studies, University of Leeds, 2012
"""

JOB_AD = """Head of Product
You will define the product vision and inspire a team of designers and engineers.
You will coach people to grow into bigger roles.
Competitive salary, 25 days holiday, hybrid working."""

BULLETS = "Set budgets\n- Coached staff\n• Ran the rota\n* Drove change"
EMPTY = ""
WHITESPACE = " \n\t  \n"
FRENCH = "Je dirige une équipe de douze personnes et je fixe la vision de l'entreprise pour l'avenir."
GERMAN = "Ich leite ein Team von zwölf Personen und entwickle die Vision für die Zukunft des Unternehmens."
CHINESE = "我管理一个一百人的团队，并为公司制定长期愿景和战略目标。"


class Payload:
    """Unpickling this creates ``path``: proof that the pickle ran code."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (os.mkdir, (self.path,))


#: Every piece of knowledge a model pins (core.knowledge.fingerprint).
KNOWLEDGE_KEYS = frozenset(
    {
        "lexicon.tsv",
        "first_names.txt",
        "word_lists",
        "lemma_table",
        "tokenizer",
        "clean_up",
        "term_rules",
        "role_patterns",
        "sentences",
    }
)
