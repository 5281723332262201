"""`instruire web`: the app in a browser of this computer, for the person who started it only.

access.py says who may drive it (token, Host, Origin); server.py serves it, every file from
this machine; files/ holds the page, its script and style, and the fonts for the signs.
"""
