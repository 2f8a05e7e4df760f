"""Wire-style articles and browser settings shared by the dashboard tests and its benchmark."""

from __future__ import annotations

CAPTURE = """date 2021-08-08
Taliban capture Sheberghan, second provincial capital in two days

SHEBERGHAN, Afghanistan (Reuters) - Taliban fighters captured Sheberghan, the capital of \
Jowzjan province, on Saturday after government forces withdrew to the airport, a provincial \
council member said.

The insurgents also launched fierce clashes in Lashkar Gah, the Helmand provincial capital.
"""
RETAKE = """date 2021-08-12
Afghan forces retake Sheberghan

MAZAR-I-SHARIF, Afghanistan (Reuters) - Government forces retook Sheberghan on Thursday after \
days of fighting, the defence ministry said.

Fighting continued in Lashkar Gah, where the Taliban have captured the police headquarters. The \
Taliban now hold ten of the country's 34 provincial capitals.
"""

# Headless Chromium as root on a machine with no network beyond localhost.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
