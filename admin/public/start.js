// Mounts AdminJS's application (or its login page) once its bundles are loaded (admin/page-layout.ts).
(function () {
  const app = document.getElementById('app');
  createRoot(app).render(app.dataset.app === 'login' ? AdminJS.LoginApplication : AdminJS.Application);
})();
