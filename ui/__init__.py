"""The dashboard's pure building blocks: selection state, evidence, highlighted HTML and figures.

Nothing here calls Streamlit; every function takes analysis results and returns data, HTML or a
plotly figure, so each is unit-tested without a browser. ``dashboard.py`` only lays them out.
"""
