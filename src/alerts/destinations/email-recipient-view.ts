/** An e-mail destination: a staff address of the scope's security contacts. */
export interface EmailRecipientView {
  readonly id: string;
  readonly email: string;
  readonly createdAt: string;
}
