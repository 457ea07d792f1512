from django.urls import path

from writers import views

app_name = "writers"
urlpatterns = [path("<slug:slug>/", views.writer_detail, name="detail")]
