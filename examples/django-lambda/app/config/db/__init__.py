"""
The database backend of the project (DATABASES ENGINE "config.db"): Django's PostgreSQL backend
with IAM database authentication. Django loads its DatabaseWrapper from config/db/base.py.
"""
