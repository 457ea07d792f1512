from django.urls import path

from workflow import views

app_name = "workflow"
urlpatterns = [
    path("<int:pk>/", views.article_preview, name="preview"),
    path("link/<str:token>/", views.signed_preview, name="signed_preview"),
    path("<int:pk>/updates/<int:update_id>/", views.update_preview, name="update_preview"),
]
