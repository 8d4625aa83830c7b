import { Sequelize } from 'sequelize';

export function createSequelize(url: string): Sequelize {
  return new Sequelize(url, {
    dialect: 'postgres',
    logging: false,
    define: { underscored: true, timestamps: true },
    pool: { max: 10 },
  });
}
