// Who is signed in: the token in localStorage, the user from /api/auth/me, sign in and out.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { get, getToken, onUnauthorised, post, setToken } from './api/client';
import type { RoleCode, SessionUser } from './api/types';

interface AuthContextValue {
  user: SessionUser | null;
  loading: boolean;
  login(username: string, password: string): Promise<SessionUser>;
  /** 退出登录: ends the user's sessions on the server (every device), then here. */
  logout(): Promise<void>;
  /** 修改密码: the server ends every other session and answers a fresh token for this one. */
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(null);
  const [loading, setLoading] = useState(() => getToken() !== null);
  const queryClient = useQueryClient();

  /** Forgets the session here only: the server already refused the token (401), or has ended it. */
  const endSession = useCallback(() => {
    setToken(null);
    setUser(null);
    queryClient.clear();
  }, [queryClient]);

  const logout = useCallback(async () => {
    try {
      await post('/auth/logout');
    } catch {
      // Offline or already signed out: the token is forgotten here all the same.
    }
    endSession();
  }, [endSession]);

  useEffect(() => onUnauthorised(endSession), [endSession]);

  useEffect(() => {
    if (!getToken()) return;
    get<SessionUser>('/auth/me')
      .then(setUser)
      .catch(() => endSession())
      .finally(() => setLoading(false));
  }, [endSession]);

  const login = useCallback(
    async (username: string, password: string) => {
      const res = await post<{ accessToken: string; user: SessionUser }>('/auth/login', { username, password });
      queryClient.clear();
      setToken(res.accessToken);
      setUser(res.user);
      return res.user;
    },
    [queryClient],
  );

  const changePassword = useCallback(async (currentPassword: string, newPassword: string) => {
    const res = await post<{ accessToken: string; user: SessionUser }>('/auth/password', { currentPassword, newPassword });
    setToken(res.accessToken);
    setUser(res.user);
  }, []);

  const value = useMemo(() => ({ user, loading, login, logout, changePassword }), [user, loading, login, logout, changePassword]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in user; only for pages behind the login. */
export function useUser(): SessionUser {
  const { user } = useAuth();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}

export function hasRole(user: SessionUser, ...roles: RoleCode[]): boolean {
  return user.roles.some((g) => roles.includes(g.role));
}

/** May start events: organisers and heads of a department, and the administrator. */
export function canStartEvents(user: SessionUser): boolean {
  return hasRole(user, 'organiser', 'department-head', 'admin');
}

/**
 * The roles that answer for a unit (as the API's UNIT_CONTACT_ROLES): district and member-unit
 * liaisons, department heads, the chair. They acknowledge its notices (签收) and set its robots.
 */
const UNIT_CONTACT_ROLES: RoleCode[] = ['district-liaison', 'member-liaison', 'department-head', 'chair'];

export function answersNotices(user: SessionUser): boolean {
  return hasRole(user, ...UNIT_CONTACT_ROLES);
}

/** The unit the user answers for, if any. */
export function contactUnit(user: SessionUser): string | undefined {
  return user.roles.find((g) => UNIT_CONTACT_ROLES.includes(g.role))?.unitCode;
}

/** Manages the event (reschedule, postpone, cancel): as the API's EventsService.mayManage. */
export function managesEvent(user: SessionUser, event: { leadUnit: string; organiserId?: string }): boolean {
  return (
    hasRole(user, 'admin') ||
    event.organiserId === user.id ||
    user.roles.some((g) => (g.role === 'organiser' || g.role === 'department-head') && g.unitCode === event.leadUnit) ||
    user.inChargeOf.includes(event.leadUnit) ||
    // A district's own activity in a campaign: its liaison and chair manage it.
    user.roles.some((g) => (g.role === 'district-liaison' || g.role === 'district-chair') && g.unitCode === event.leadUnit)
  );
}

/** Sees the oversight views (audit, schedule, receipts): managers, the chair, vice-chairs, admin. */
export function overseesEvent(user: SessionUser, event: { leadUnit: string; organiserId?: string }): boolean {
  return managesEvent(user, event) || hasRole(user, 'chair', 'vice-chair');
}
