// The routes. Every page is its own chunk, loaded when its route is first shown: the login page
// needs none of the signed-in pages, their layout, or the timeline's charts.
import { lazy, Suspense, type ComponentType } from 'react';
import { Spin } from 'antd';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { useAuth } from './auth';
import { PageLoadBoundary } from './components/PageLoadBoundary';

/** A page module's named export as a lazily loaded component. */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const LoginPage = page(() => import('./pages/LoginPage'), 'LoginPage');
const AppLayout = page(() => import('./components/AppLayout'), 'AppLayout');
const DashboardPage = page(() => import('./pages/DashboardPage'), 'DashboardPage');
const EventsPage = page(() => import('./pages/EventsPage'), 'EventsPage');
const StartEventPage = page(() => import('./pages/StartEventPage'), 'StartEventPage');
const EventDetailPage = page(() => import('./pages/EventDetailPage'), 'EventDetailPage');
const ReportPage = page(() => import('./pages/ReportPage'), 'ReportPage');
const InboxPage = page(() => import('./pages/InboxPage'), 'InboxPage');
const TaskPage = page(() => import('./pages/TaskPage'), 'TaskPage');
const NoticesPage = page(() => import('./pages/NoticesPage'), 'NoticesPage');
const NotificationsPage = page(() => import('./pages/NotificationsPage'), 'NotificationsPage');
const SettingsPage = page(() => import('./pages/SettingsPage'), 'SettingsPage');
const PasswordPage = page(() => import('./pages/PasswordPage'), 'PasswordPage');
const YearSummaryPage = page(() => import('./pages/YearSummaryPage'), 'YearSummaryPage');
const CalendarPage = page(() => import('./pages/CalendarPage'), 'CalendarPage');
const SelectionsPage = page(() => import('./pages/SelectionsPage'), 'SelectionsPage');
const CampaignsPage = page(() => import('./pages/CampaignsPage'), 'CampaignsPage');
const CampaignPage = page(() => import('./pages/CampaignPage'), 'CampaignPage');
const CampaignUnitPage = page(() => import('./pages/CampaignUnitPage'), 'CampaignUnitPage');

export function Loading() {
  return (
    <div className="center-screen">
      <Spin size="large" />
    </div>
  );
}

export function App() {
  const { user, loading } = useAuth();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!user) {
    return (
      <PageLoadBoundary>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route path="*" element={<Navigate to="/login" replace state={{ from: location.pathname + location.search }} />} />
          </Routes>
        </Suspense>
      </PageLoadBoundary>
    );
  }
  // A temporary password an administrator set is replaced before anything else is shown.
  if (user.mustChangePassword && location.pathname !== '/password') return <Navigate to="/password" replace />;
  return (
    <PageLoadBoundary>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/login" element={<Navigate to="/" replace />} />
          <Route element={<AppLayout />}>
            <Route index element={<DashboardPage />} />
            <Route path="events" element={<EventsPage />} />
            <Route path="events/new" element={<StartEventPage />} />
            <Route path="events/:id" element={<EventDetailPage />} />
            <Route path="events/:id/report" element={<ReportPage />} />
            <Route path="tasks" element={<InboxPage />} />
            <Route path="tasks/:id" element={<TaskPage />} />
            <Route path="notices" element={<NoticesPage />} />
            <Route path="notifications" element={<NotificationsPage />} />
            <Route path="settings" element={<SettingsPage />} />
            <Route path="password" element={<PasswordPage />} />
            <Route path="years/:year" element={<YearSummaryPage />} />
            <Route path="calendar" element={<CalendarPage />} />
            <Route path="selections" element={<SelectionsPage />} />
            <Route path="campaigns" element={<CampaignsPage />} />
            <Route path="campaigns/:id" element={<CampaignPage />} />
            <Route path="campaigns/:id/units/:unitCode" element={<CampaignUnitPage />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Route>
        </Routes>
      </Suspense>
    </PageLoadBoundary>
  );
}
