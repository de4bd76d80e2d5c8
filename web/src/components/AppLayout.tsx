// The frame of every page behind the login: the menu, and a header with the user, their unit,
// the unread-notification count and the language switch. On a phone the menu folds away.
import { Suspense, useState } from 'react';
import { Badge, Button, Drawer, Dropdown, Grid, Layout, Menu, Spin, Tooltip } from 'antd';
import {
  BarChartOutlined,
  BellOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  DashboardOutlined,
  FlagOutlined,
  FileDoneOutlined,
  KeyOutlined,
  LogoutOutlined,
  SettingOutlined,
  MenuOutlined,
  PlusCircleOutlined,
  ScheduleOutlined,
  TrophyOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { get } from '../api/client';
import { answersNotices, canStartEvents, hasRole, useAuth, useUser } from '../auth';
import { LanguageSwitch } from './LanguageSwitch';
import { currentYear, seesYearSummary } from './yearSummaryAccess';
import { reportingUnit, seesAllUnits } from './CampaignData';
import { useTaskCount, useUnitName } from '../queries';

const { Sider, Content } = Layout;

export function AppLayout() {
  const { t } = useTranslation();
  const user = useUser();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const phone = !screens.lg;
  const [drawerOpen, setDrawerOpen] = useState(false);

  // With a temporary password the API answers 403 to all but 修改密码: ask it nothing until then.
  const allowed = !user.mustChangePassword;
  // The session's own unit name (in the account's language) stands in until the units are loaded.
  const unitNameOf = useUnitName(allowed);
  const unitName = allowed ? unitNameOf(user.unitCode) : user.unitName;
  const unread = useQuery({
    queryKey: ['notifications', 'unread-count'],
    queryFn: () => get<{ count: number }>('/notifications/unread-count'),
    refetchInterval: 30_000,
    enabled: allowed,
  });
  const openTasks = useTaskCount('open', allowed);

  const items = [
    { key: '/', icon: <DashboardOutlined />, label: <Link to="/">{t('nav.dashboard')}</Link> },
    { key: '/events', icon: <CalendarOutlined />, label: <Link to="/events">{t('nav.events')}</Link> },
    ...(canStartEvents(user) ? [{ key: '/events/new', icon: <PlusCircleOutlined />, label: <Link to="/events/new">{t('nav.start')}</Link> }] : []),
    {
      key: '/tasks',
      icon: <CheckSquareOutlined />,
      label: (
        <Link to="/tasks">
          {t('nav.inbox')} <Badge count={openTasks.data?.total ?? 0} size="small" offset={[4, -2]} />
        </Link>
      ),
    },
    ...(answersNotices(user) ? [{ key: '/notices', icon: <FileDoneOutlined />, label: <Link to="/notices">{t('nav.notices')}</Link> }] : []),
    ...(seesYearSummary(user) ? [{ key: '/years', icon: <BarChartOutlined />, label: <Link to={`/years/${currentYear()}`}>{t('yearSummary.nav')}</Link> }] : []),
    // 目标管理 for the federation's staff; a district's liaison and chair find their unit's pages there.
    ...(seesAllUnits(user) || reportingUnit(user) ? [{ key: '/campaigns', icon: <FlagOutlined />, label: <Link to="/campaigns">{t(seesAllUnits(user) ? 'campaigns.nav' : 'campaigns.navUnit')}</Link> }] : []),
    // 时代女性榜's monthly Schedule: read by the same staff as the year's summary (selection.read).
    ...(seesYearSummary(user) ? [{ key: '/selections', icon: <TrophyOutlined />, label: <Link to="/selections">{t('selections.nav')}</Link> }] : []),
    { key: '/notifications', icon: <BellOutlined />, label: <Link to="/notifications">{t('nav.notifications')}</Link> },
    // 工作日历 is the admin's to keep; anyone may still open /calendar to look.
    ...(hasRole(user, 'admin') ? [{ key: '/calendar', icon: <ScheduleOutlined />, label: <Link to="/calendar">{t('workCalendar.title')}</Link> }] : []),
  ];
  const selected =
    items
      .map((i) => i.key)
      .filter((k) => (k === '/' ? location.pathname === '/' : location.pathname === k || location.pathname.startsWith(k + '/')))
      .sort((a, b) => b.length - a.length)[0] ?? ''; // a page off the menu (通知设置, 修改密码) lights up nothing
  // "/events/new" is its own item; an event's page lights up 活动一览.
  const selectedKey = selected === '/events' && location.pathname === '/events/new' ? '/events/new' : selected;

  const brand = (
    <div className="app-brand">
      <span className="logo">妇</span>
      <span>{t('app.shortName')}</span>
    </div>
  );
  const menu = (
    <Menu theme="dark" mode="inline" selectedKeys={[selectedKey]} items={items} onClick={() => setDrawerOpen(false)} />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!phone && (
        <Sider width={208}>
          <div style={{ position: 'sticky', top: 0 }}>
            {brand}
            {menu}
          </div>
        </Sider>
      )}
      {phone && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={240}
          styles={{ body: { padding: 0, background: '#001529' }, header: { display: 'none' } }}
        >
          {brand}
          {menu}
        </Drawer>
      )}
      <Layout>
        <header className="app-header">
          {phone && <Button type="text" icon={<MenuOutlined />} aria-label={t('nav.menu')} onClick={() => setDrawerOpen(true)} />}
          {phone && <strong>{t('app.shortName')}</strong>}
          <span className="spacer" />
          <LanguageSwitch />
          <Tooltip title={t('nav.notifications')}>
            <Badge count={unread.data?.count ?? 0} size="small" data-testid="unread-count">
              <Button type="text" shape="circle" icon={<BellOutlined />} aria-label={t('nav.notifications')} onClick={() => void navigate('/notifications')} />
            </Badge>
          </Tooltip>
          <Dropdown
            menu={{
              items: [
                { key: 'unit', label: unitName, disabled: true },
                { key: 'settings', icon: <SettingOutlined />, label: t('nav.settings') },
                { key: 'password', icon: <KeyOutlined />, label: t('nav.password') },
                { key: 'logout', icon: <LogoutOutlined />, label: t('nav.logout') },
              ],
              onClick: ({ key }) => {
                if (key === 'settings') void navigate('/settings');
                if (key === 'password') void navigate('/password');
                if (key === 'logout') void logout().then(() => navigate('/login'));
              },
            }}
          >
            <Button type="text" style={{ height: 48 }} data-testid="user-menu">
              <span className="user-chip">
                <span>{user.displayName}</span>
                <span className="unit">{unitName}</span>
              </span>
              <UserOutlined />
            </Button>
          </Dropdown>
        </header>
        <Content className="app-content">
          {/* A page still loading keeps the menu and header in place. */}
          <Suspense fallback={<Spin size="large" className="page-loading" />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
