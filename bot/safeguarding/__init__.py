"""When a child may not be safe: every word read for signs of it (``detector`` and
its ``patterns``; ``screening`` adds the child's own name, third person and the
"do you feel safe?" answers), the alert to the adults and what the child is told
(``alerts``), and "I'm on it" (``acknowledgement``).
"""
