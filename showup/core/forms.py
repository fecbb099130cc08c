from django.forms.renderers import TemplatesSetting


class ShowupFormRenderer(TemplatesSetting):
    """Renders every form with Showup's field markup: label, input, help and errors tied together for screen readers."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
