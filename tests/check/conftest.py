"""A small constructed code with one planted defect of each kind, built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from check.secdocs import definitions, make

from sectrack.model import Document

SECTION_A = definitions(
    ("Authorised Subscriber", "has the meaning given to that expression in Section L2.2 (Authorised Subscribers)."),
    ("Key Rotation", "means the replacement of a cryptographic key."),
    ("Party", "means a person that is a party to this Code."),
    ("Key Rotation", "means the renewal of a key."),
    ("Smart Metering Equipment", "means the meters and communications equipment at a premises."),
    ("SMKI PMA", "means the SMKI Policy Management Authority established under Section L1.1."),
    ("SMKI Policy Management Authority", "has the meaning given to that expression in Section L1.1 (Establishment of the SMKI PMA)."),
    ("Unused Expression", "means an expression that no document uses."),
    ("Working Day", "means any day other than a Saturday, a Sunday, Christmas Day or Good Friday."),
)

SECTION_L = """
# SMKI POLICY MANAGEMENT AUTHORITY
## Establishment of the SMKI PMA
1. The Panel shall establish the SMKI Policy Management Authority (or SMKI PMA), whose members each Party may nominate.
2. Each Party's nominee shall serve for two years, within 10 Working Days of the Party's request.
# SMKI SERVICES
1. The DCC shall provide the services set out in Appendix AM (SMETS1 Supporting Requirements).
## Authorised Subscribers
2. A Party may authorise individuals to request certificates (each an Authorised Subscriber) under paragraph (a) of Section L2.1.
  (a) an Authorised Subscriber shall act only for that Party; and
  (b) the Party shall tell the DCC when an authorisation ends, except as paragraph (d) provides.
3. Key Rotations shall follow Section L9.9, and Sections L1.1 to L1.7 apply to them.
4. Every Frobnication Widget shall be approved by the SMKI PMA under Section L1 (Wrong Title), in Appendix ZZ and in Section G (Security).
5. Parties shall keep smart metering equipment and each Eligible Device Model secure, as Section A1.1 and paragraph (a) require.
"""

APPENDIX_AM = """
# INTRODUCTION
1. This Appendix applies to the DCC and to each Party.
2. In this Appendix:
  (a) Eligible Device Model means a model of device that the DCC has tested; and
  (b) Key Rotation means the yearly replacement of a key.
3. An Eligible Device Model may be used only as clause 1.2 of this Appendix and clause 3.4 of this Appendix allow.
4. The Key Rotation of an Eligible Device Model follows Part 1 and Part 7 of this Appendix.
"""


@pytest.fixture(scope="session")
def code(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Document]:
    """The constructed code: Section A, Section L and Appendix AM."""
    folder: Path = tmp_path_factory.mktemp("code")
    return {
        "section-a": make(folder, "section-a", "Definitions and Interpretation", SECTION_A),
        "section-l": make(folder, "section-l", "Smart Metering Key Infrastructure", SECTION_L),
        "appendix-am": make(folder, "appendix-am", "SMETS1 Supporting Requirements", APPENDIX_AM),
    }
