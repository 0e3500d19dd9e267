/** Messages: an error the user must read (role=alert), a success or an information (role=status). */
import type { ReactNode } from 'react';

export function ErrorMessage({ children, id }: { children: ReactNode; id?: string }) {
  if (!children) return null;
  return (
    <div className="alert alert-error" role="alert" id={id}>
      {children}
    </div>
  );
}

export function SuccessMessage({ children }: { children: ReactNode }) {
  return (
    <div className="alert alert-success" role="status">
      {children}
    </div>
  );
}

export function InfoMessage({ children }: { children: ReactNode }) {
  return <div className="alert alert-info">{children}</div>;
}
