"""Running the service: what an operator (or a load balancer) asks of it.

``health``: the checks behind ``myreview check``, the start-up warnings of
``myreview run`` and, served over HTTP, the readiness of each process.
"""
