"""The dashboard's forms; each one carries Flask-WTF's CSRF token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, Optional


class LoginForm(FlaskForm):  # type: ignore[misc]
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])
    code = StringField("Two-factor code (if you set one up)", validators=[Optional(), Length(max=10)])


class ActionForm(FlaskForm):  # type: ignore[misc]
    """A button that changes something (mark reviewed, log out): only the CSRF token."""


class EraseForm(FlaskForm):  # type: ignore[misc]
    confirm = BooleanField("Erase this intake and its conversation for good", validators=[DataRequired()])
