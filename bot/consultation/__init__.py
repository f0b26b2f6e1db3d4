"""The child's side: their first conversation (``onboarding``: hello, language,
their own words), My Review as a state machine over our own rows (``flow``), what
the child sees (``prompts``), its answers read back (``answers``), the files it
takes (``file_limits``), and the view an adult reads of it (``view``).
"""
