"""The app's pages: server-rendered, swapped in place by htmx. Routes: annotations/urls.py.

articles.py: the article list and the import page. reader.py: the reader and its claim panel
(GET), claim_changes.py: the changes made in it (POST), with reader_context.py (what each
region shows) and reader_responses.py (how a response is put together). account.py: the
API-token page. errors.py: error responses.
"""
