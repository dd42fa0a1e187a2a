"""yibao: a Chinese medical-insurance (医保) question-answering bot.

Data flows one way: corpus -> passages -> index -> retrieval/intent -> answer -> API/widget.
Importing this package has no side effects; heavy resources load on first use.
"""

__version__ = "0.1.0"
