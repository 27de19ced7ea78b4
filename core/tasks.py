from django.core.mail import EmailMultiAlternatives
from django.tasks import task


@task
def send_email(*, subject, body, to, from_email=None, html_body=None, headers=None):
    """Send one e-mail in the background (the worker runs this; in development it runs at once)."""
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()
