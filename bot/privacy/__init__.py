"""A child's rights over their data and the service's duties: their own copy
(``my_data``), who read what (``audit_trail``), how long it is kept
(``retention``), ending access at once (``deactivation``) and re-sealing every
stored word with a new key (``key_rotation``).
"""
