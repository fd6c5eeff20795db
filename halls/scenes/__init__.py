"""3D scene descriptors of the exhibition, built with pythreejs and served as three.js
JSON (the Object format `THREE.ObjectLoader` reads). See docs/scenes.md.

    content.py   specs: the data a scene is built from, read from the database
    builders/    hall and booth scenes from specs (pythreejs widgets), and the layout
    export.py    widgets → three.js JSON (pythreejs has no exporter)
    service.py   versions, ETag/Last-Modified and the cache
"""
