"""Suite-wide settings.

Under continuous integration (``CI`` set, as CI services do) hypothesis runs derandomized:
the same examples on every run, so a red build always means a change broke something and
can be reproduced. A developer's run keeps drawing fresh examples and keeps finding new
inputs; add each one it finds as a regression test.
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
