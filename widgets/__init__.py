"""Interactive widgets that weigh peace against autonomy (imported as ``elysara.widgets``).

Each widget is a pure model plus two thin views: a live ipywidgets view for
notebooks and a static Plotly view for the built site.
"""
