"""The researchers' workspace: accounts and roles, saved searches with alerts and private
feeds, collections and notes. It sits on top of the public pages (``archive.web``)."""
