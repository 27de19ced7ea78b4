app_name = "forum"

# The pages come with the forum issue; nothing links here until they exist.
urlpatterns = []
